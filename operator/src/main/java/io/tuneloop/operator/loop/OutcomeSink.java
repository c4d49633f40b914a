package io.tuneloop.operator.loop;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.ObservedOutcome;

/** The learn step: what an action did, for the cluster's replay buffer and fine-tuning. */
@FunctionalInterface
public interface OutcomeSink {
  /**
   * @param before the snapshot the decision was made on
   * @param after the snapshot after the settle window
   */
  void learn(ClusterSnapshot before, Action action, ClusterSnapshot after, ObservedOutcome outcome);

  /** Learns nothing (no learner configured). */
  static OutcomeSink none() {
    return (b, a, s, o) -> {};
  }
}
