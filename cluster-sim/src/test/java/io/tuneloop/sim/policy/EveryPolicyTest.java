package io.tuneloop.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.sim.bench.BenchRunner;
import io.tuneloop.sim.bench.RunResult;
import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
import org.junit.jupiter.api.Test;

/**
 * Every policy completes every built-in trace. Windows are 10 minutes here (the benchmark uses 1)
 * so that the learning policies fit in the unit-test budget; the twin and the policies are the
 * same.
 */
class EveryPolicyTest {
  private static final TwinParameters P = TwinParameters.calibrated();
  private static final double WINDOW = 600;

  @Test
  void everyPolicyCompletesEveryBuiltInTrace() {
    PolicyFactory factory = new PolicyFactory(P, WINDOW, 50, BenchBounds.standard(), 1);
    BenchRunner runner = new BenchRunner(P, WINDOW, 50, 1);
    for (String traceName : BuiltinTraces.names()) {
      WorkloadTrace trace = BuiltinTraces.get(traceName, 1);
      int windows = (int) Math.floor(trace.durationSeconds() / WINDOW);
      for (String policy : PolicyFactory.NAMES) {
        RunResult r = runner.run(trace, factory.create(policy, trace), n -> {});
        assertThat(r.windows()).as("%s on %s", policy, traceName).hasSize(windows);
        assertThat(r.podHours()).as("%s on %s", policy, traceName).isPositive();
        assertThat(r.throughputLostPct()).isBetween(0.0, 100.0);
      }
    }
  }

  @Test
  void thresholdScalesBrokersOnlyWhenEveryBrokerIsHotAndBookiesByDisk() {
    WorkloadTrace trace = BuiltinTraces.get("step", 1);
    BenchRunner runner = new BenchRunner(P, 60, 50, 1);
    RunResult r = runner.run(trace, new ThresholdPolicy(BenchBounds.standard()), n -> {});
    // Disks stay far below the low-water mark, so KAAP's rule takes bookies to its minimum of 3.
    assertThat(r.windows().get(r.windows().size() - 1).bookiesDesired()).isEqualTo(3);
    // Quiet at 25k msg/s: every broker is cold, so it scales down; the step to 90k msg/s makes
    // every broker hot, so it scales up again, one at a time.
    int quietMin =
        r.windows().stream()
            .filter(w -> w.tSeconds() < 4 * 3600)
            .mapToInt(w -> w.brokersDesired())
            .min()
            .orElseThrow();
    int busyMax =
        r.windows().stream()
            .filter(w -> w.tSeconds() >= 4 * 3600 && w.tSeconds() < 8 * 3600)
            .mapToInt(w -> w.brokersDesired())
            .max()
            .orElseThrow();
    assertThat(quietMin).isLessThan(3);
    assertThat(busyMax).isGreaterThan(quietMin);
    for (int i = 1; i < r.windows().size(); i++) {
      int step = r.windows().get(i).brokersDesired() - r.windows().get(i - 1).brokersDesired();
      assertThat(Math.abs(step)).isLessThanOrEqualTo(1);
    }
  }
}
