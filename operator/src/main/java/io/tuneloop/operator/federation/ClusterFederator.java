package io.tuneloop.operator.federation;

import io.tuneloop.operator.spec.ClusterPlan;
import java.io.IOException;
import java.util.Optional;

/** Joins a validated cluster to its federation (or leaves it); called on every reconcile. */
@FunctionalInterface
public interface ClusterFederator {
  /** A federator for operators that run without federation. */
  ClusterFederator NONE = plan -> Optional.empty();

  /**
   * @return the cluster's federation; empty when the plan does not join
   * @throws IOException when the federation's Pulsar cannot be reached
   */
  Optional<ClusterFederation> federate(ClusterPlan plan) throws IOException;
}
