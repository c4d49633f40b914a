package io.tuneloop.operator.loop;

import io.tuneloop.operator.spec.ClusterPlan;

/**
 * Told once about every pass of the {@link TuningLoop}, after it finished, with what the pass
 * observed (for example the decisions page's history of p99 and replicas). It must be quick and
 * must not throw; the loop does not wait for or depend on it.
 */
@FunctionalInterface
public interface PassObserver {
  void passed(ClusterPlan plan, LoopResult result);

  /** Observes nothing. */
  static PassObserver none() {
    return (plan, result) -> {};
  }
}
