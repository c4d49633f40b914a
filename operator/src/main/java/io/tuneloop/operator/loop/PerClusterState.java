package io.tuneloop.operator.loop;

import java.util.List;

/**
 * Something that keeps state for each BrokerCluster in this process (metric series, learners,
 * connections, histories) and lets go of one cluster's when its BrokerCluster is deleted.
 *
 * <p>Contract: after {@code forget(id)} nothing of the cluster is held or open here, files on disk
 * are left alone, and the next use of the same id starts as for a cluster never seen. Forgetting an
 * unknown id does nothing. It must not throw: a failure to close is logged, not passed on.
 */
@FunctionalInterface
public interface PerClusterState {
  /** Holds nothing. */
  PerClusterState NONE = clusterId -> {};

  /**
   * @param clusterId {@code namespace/name}, as {@link
   *     io.tuneloop.operator.spec.ClusterPlan#clusterId()} gives it
   */
  void forget(String clusterId);

  /** Forgets the cluster in each of {@code owners}, in order. */
  static PerClusterState all(PerClusterState... owners) {
    List<PerClusterState> list = List.of(owners);
    return clusterId -> list.forEach(o -> o.forget(clusterId));
  }
}
