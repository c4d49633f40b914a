package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import java.util.List;

/**
 * A way of running a cluster that the benchmark compares: after each window it sees the snapshot of
 * that window and returns the actions to apply now (possibly none). Implementations may keep state
 * across windows (stabilisation timers, a learned model); a fresh instance is made for each run, so
 * runs never share it.
 */
public interface Policy {

  /** Stable name used in results, for example {@code threshold}. */
  String name();

  /** The actions to take after the window {@code snapshot} describes; empty for none. */
  List<Action> decide(ClusterSnapshot snapshot);

  /** Actions to take before the first window, given the starting configuration; none by default. */
  default List<Action> start(io.tuneloop.telemetry.snapshot.ClusterSettings initial) {
    return List.of();
  }

  /**
   * Background work between windows (a model fine-tune), outside the decision latency the benchmark
   * measures; nothing by default.
   */
  default void learn() {}

  /** Told what became of each action, so a policy can learn or back off; optional. */
  default void outcome(Action action, io.tuneloop.tuning.env.ApplyOutcome outcome) {}
}
