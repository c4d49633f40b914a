package io.tuneloop.sim.policy;

import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.ClusterPhysics;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.SteadyState;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hindsight limit: it knows the whole trace in advance and searches the twin's own (noiseless)
 * physics for the cheapest configuration per window. It is not a policy anyone could run; it bounds
 * what any policy could achieve with this twin.
 *
 * <p>Search: for each candidate journal group wait, and each window, the fewest brokers plus
 * bookies whose p99 stays under {@code SLO / margin} (the margin absorbs the twin's latency noise)
 * with the binding utilisation at most 0.9. The group wait with the fewest pod-hours overall is set
 * once at the start (one rolling restart). Because pods take time to become useful, each window's
 * target is the largest need over the look-ahead that covers the start-up delay (brokers) or the
 * start-up, ledger roll-over and a decommission (bookies), so the oracle pre-provisions instead of
 * reacting.
 */
public final class OraclePolicy implements Policy {
  static final double[] GROUP_WAITS = {0, 1, 2, 5, 10};
  static final double MARGIN = 1.3;
  static final double MAX_UTILISATION = 0.9;

  private final ClusterPhysics physics;
  private final WorkloadTrace trace;
  private final double windowSeconds;
  private final double sloP99Ms;
  private final BenchBounds bounds;
  private final TwinParameters params;
  private int[] brokerPlan;
  private int[] bookiePlan;
  private double groupWait;
  private boolean settingApplied;

  public OraclePolicy(
      TwinParameters params,
      WorkloadTrace trace,
      double windowSeconds,
      double sloP99Ms,
      BenchBounds bounds) {
    this.params = params;
    this.physics = new ClusterPhysics(params.noiseless());
    this.trace = trace;
    this.windowSeconds = windowSeconds;
    this.sloP99Ms = sloP99Ms;
    this.bounds = bounds;
  }

  @Override
  public String name() {
    return "oracle";
  }

  private void plan() {
    int windows = (int) Math.floor(trace.durationSeconds() / windowSeconds + 1e-9);
    WorkloadPoint[] loads = new WorkloadPoint[windows];
    for (int i = 0; i < windows; i++) {
      loads[i] = trace.average(i * windowSeconds, (i + 1) * windowSeconds);
    }
    double best = Double.POSITIVE_INFINITY;
    Knob wait = KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC;
    for (double w : GROUP_WAITS) {
      TwinSettings s = TwinSettings.defaults().with(wait, w);
      int[] nb = new int[windows];
      int[] nk = new int[windows];
      for (int i = 0; i < windows; i++) {
        int[] need = cheapest(loads[i], s);
        nb[i] = need[0];
        nk[i] = need[1];
      }
      int[] b = lookAhead(nb, (int) Math.ceil(params.brokerReadySeconds() / windowSeconds) + 1);
      int[] k =
          lookAhead(
              nk,
              (int)
                      Math.ceil(
                          (params.bookieReadySeconds() + params.ledgerRolloverSeconds())
                              / windowSeconds)
                  + 15);
      double cost = 0;
      for (int i = 0; i < windows; i++) {
        cost += b[i] + k[i];
      }
      if (cost < best - 1e-9) {
        best = cost;
        brokerPlan = b;
        bookiePlan = k;
        groupWait = w;
      }
    }
  }

  /** Fewest brokers + bookies (brokers first on ties) meeting the SLO for this load. */
  int[] cheapest(WorkloadPoint load, TwinSettings s) {
    int bestB = bounds.maxBrokers();
    int bestK = bounds.maxBookies();
    for (int k = bounds.minBookies(); k <= bounds.maxBookies(); k++) {
      if (k + bounds.minBrokers() >= bestB + bestK) {
        break;
      }
      int lo = bounds.minBrokers();
      int hi = bounds.maxBrokers();
      if (!ok(load, hi, k, s)) {
        continue;
      }
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ok(load, mid, k, s)) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo + k < bestB + bestK) {
        bestB = lo;
        bestK = k;
      }
    }
    return new int[] {bestB, bestK};
  }

  private boolean ok(WorkloadPoint load, int brokers, int bookies, TwinSettings s) {
    SteadyState st = physics.evaluate(load, brokers, bookies, s, 0);
    return st.utilisation() <= MAX_UTILISATION && st.p99Ms() * MARGIN <= sloP99Ms;
  }

  private static int[] lookAhead(int[] need, int windows) {
    int[] out = new int[need.length];
    for (int i = 0; i < need.length; i++) {
      int m = 0;
      for (int j = i; j < Math.min(need.length, i + windows + 1); j++) {
        m = Math.max(m, need[j]);
      }
      out[i] = m;
    }
    return out;
  }

  /** Sets the searched group wait and the first window's replicas before the run starts. */
  @Override
  public List<Action> start(ClusterSettings initial) {
    if (brokerPlan == null) {
      plan();
    }
    int brokers = initial.brokers();
    int bookies = initial.bookies();
    double currentGroupWait = KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.current(initial);
    List<Action> actions = new ArrayList<>();
    if (groupWait != currentGroupWait) {
      actions.add(
          new Action.ChangeSetting(
              KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, currentGroupWait, groupWait));
    }
    settingApplied = true;
    if (brokerPlan[0] != brokers) {
      actions.add(new Action.ScaleBrokers(brokers, brokerPlan[0]));
    }
    if (bookiePlan[0] != bookies) {
      actions.add(new Action.ScaleBookies(bookies, bookiePlan[0]));
    }
    return actions;
  }

  @Override
  public List<Action> decide(ClusterSnapshot s) {
    if (brokerPlan == null) {
      plan();
    }
    double t = Duration.between(PulsarClusterTwin.EPOCH, s.windowEnd()).toMillis() / 1000.0;
    int i = (int) Math.round(t / windowSeconds);
    List<Action> actions = new ArrayList<>();
    if (!settingApplied) {
      double current = KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.current(s.settings());
      if (current != groupWait) {
        actions.add(
            new Action.ChangeSetting(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, current, groupWait));
      }
      settingApplied = true;
    }
    if (i >= brokerPlan.length) {
      return actions;
    }
    int b = brokerPlan[i];
    int k = bookiePlan[i];
    if (b != s.settings().brokers()) {
      actions.add(new Action.ScaleBrokers(s.settings().brokers(), b));
    }
    if (k != s.settings().bookies()) {
      actions.add(new Action.ScaleBookies(s.settings().bookies(), k));
    }
    return actions;
  }

  /** The group wait chosen by the search (after the first decision). */
  public double groupWait() {
    return groupWait;
  }
}
