package io.tuneloop.sim.bench;

import io.tuneloop.sim.policy.Policy;
import io.tuneloop.sim.policy.StaticPolicy;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.sim.twin.WindowRecord;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Replays one trace against one policy on a fresh twin that starts from the Helm chart's defaults
 * (3 brokers, 4 bookies, Pulsar's settings) and scores the run. Every policy of a benchmark gets
 * the same seed, so they face the same load and the same noise.
 */
public final class BenchRunner {
  private final TwinParameters params;
  private final double windowSeconds;
  private final double sloP99Ms;
  private final long seed;

  public BenchRunner(TwinParameters params, double windowSeconds, double sloP99Ms, long seed) {
    if (!(sloP99Ms > 0)) {
      throw new IllegalArgumentException("sloP99Ms=" + sloP99Ms + " must be > 0");
    }
    this.params = params;
    this.windowSeconds = windowSeconds;
    this.sloP99Ms = sloP99Ms;
    this.seed = seed;
  }

  public double sloP99Ms() {
    return sloP99Ms;
  }

  /** A twin as every run starts it. */
  public PulsarClusterTwin newTwin(WorkloadTrace trace) {
    return new PulsarClusterTwin(
        params,
        trace,
        StaticPolicy.BROKERS,
        StaticPolicy.BOOKIES,
        TwinSettings.defaults(),
        windowSeconds,
        seed);
  }

  /**
   * @param progress called with the number of windows done, every 60 windows and at the end
   */
  public RunResult run(WorkloadTrace trace, Policy policy, IntConsumer progress) {
    PulsarClusterTwin twin = newTwin(trace);
    List<WindowRecord> windows = new ArrayList<>();
    List<Double> decisionMs = new ArrayList<>();
    for (Action a : policy.start(twin.clusterSettings())) {
      apply(twin, policy, a);
    }
    while (!twin.finished()) {
      WindowRecord w = twin.step();
      windows.add(w);
      ClusterSnapshot snap;
      try {
        snap = twin.observe();
      } catch (TelemetryException e) {
        throw new IllegalStateException("twin produced no snapshot after a step", e);
      }
      long t0 = System.nanoTime();
      List<Action> actions = policy.decide(snap);
      decisionMs.add((System.nanoTime() - t0) / 1e6);
      for (Action a : actions) {
        apply(twin, policy, a);
      }
      policy.learn();
      if (windows.size() % 60 == 0) {
        progress.accept(windows.size());
      }
    }
    progress.accept(windows.size());
    double podHours = 0;
    double violation = 0;
    double firstDay = 0;
    double offered = 0;
    double lost = 0;
    for (WindowRecord w : windows) {
      podHours += w.podsPaid() * w.seconds() / 3600;
      if (w.p99Ms() > sloP99Ms) {
        violation += w.seconds() / 60;
        if (w.tSeconds() < 86_400) {
          firstDay += w.seconds() / 60;
        }
      }
      offered += w.offeredMsgRate() * w.seconds();
      lost += w.lostMessages();
    }
    return new RunResult(
        trace.name(),
        policy.name(),
        podHours,
        violation,
        offered > 0 ? 100 * lost / offered : 0,
        twin.disruptiveChanges(),
        percentile(decisionMs, 0.99),
        firstDay,
        windows);
  }

  private static void apply(PulsarClusterTwin twin, Policy policy, Action a) {
    ApplyOutcome o = twin.apply(a);
    policy.outcome(a, o);
  }

  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int idx = (int) Math.ceil(q * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, idx))];
  }
}
