package io.tuneloop.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.sim.policy.BenchBounds;
import io.tuneloop.sim.policy.PolicyFactory;
import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
  private static final TwinParameters P = TwinParameters.calibrated();

  @Test
  void theSameSeedGivesTheSameScores() {
    WorkloadTrace t = BuiltinTraces.get("flash-crowd", 5);
    PolicyFactory f = new PolicyFactory(P, 60, 50, BenchBounds.standard(), 5);
    RunResult a = new BenchRunner(P, 60, 50, 5).run(t, f.create("hpa", t), n -> {});
    RunResult b = new BenchRunner(P, 60, 50, 5).run(t, f.create("hpa", t), n -> {});
    assertThat(a.windows()).isEqualTo(b.windows());
    assertThat(a.podHours()).isEqualTo(b.podHours());
    assertThat(a.sloViolationMinutes()).isEqualTo(b.sloViolationMinutes());
    assertThat(a.disruptiveActions()).isEqualTo(b.disruptiveActions());
  }

  @Test
  void staticPaysForSevenPodsAllDay() {
    WorkloadTrace t = BuiltinTraces.get("diurnal", 1);
    RunResult r =
        new BenchRunner(P, 60, 50, 1)
            .run(
                t,
                new PolicyFactory(P, 60, 50, BenchBounds.standard(), 1).create("static", t),
                n -> {});
    assertThat(r.podHours()).isCloseTo(7 * 24.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.disruptiveActions()).isZero();
    assertThat(r.windows()).hasSize(1440);
  }

  @Test
  void theOracleMeetsTheSloWhereTheDefaultsDoNot() {
    WorkloadTrace t = BuiltinTraces.get("roller-coaster", 1);
    PolicyFactory f = new PolicyFactory(P, 60, 50, BenchBounds.standard(), 1);
    BenchRunner runner = new BenchRunner(P, 60, 50, 1);
    RunResult oracle = runner.run(t, f.create("oracle", t), n -> {});
    RunResult stat = runner.run(t, f.create("static", t), n -> {});
    assertThat(stat.sloViolationMinutes()).isGreaterThan(30);
    assertThat(oracle.sloViolationMinutes()).isLessThan(stat.sloViolationMinutes() / 10);
  }

  @Test
  void csvHasTheExactHeader() {
    WorkloadTrace t = BuiltinTraces.get("step", 1);
    List<RunResult> rs = new ArrayList<>();
    rs.add(
        new BenchRunner(P, 60, 50, 1)
            .run(
                t,
                new PolicyFactory(P, 60, 50, BenchBounds.standard(), 1).create("threshold", t),
                n -> {}));
    String csv = ResultsWriter.csv(rs);
    assertThat(csv.lines().findFirst().orElseThrow())
        .isEqualTo(
            "trace,policy,pod_hours,slo_violation_minutes,throughput_lost_pct,disruptive_actions,decision_p99_ms");
    assertThat(csv.lines().skip(1).findFirst().orElseThrow()).startsWith("step,threshold,");
  }
}
