package io.tuneloop.operator.web;

import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.PassObserver;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.spec.ClusterPlan;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest observations of each cluster, in memory and bounded: what the loop's passes saw, for
 * the decisions page's chart. Keyed by {@link ClusterPlan#clusterId()}. A restart empties it; the
 * page then rebuilds the chart from the decisions' own before/after records.
 */
public final class ObservationHistory implements PassObserver, PerClusterState {
  private final int perCluster;
  private final Map<String, Deque<PassObservation>> byCluster = new ConcurrentHashMap<>();

  /**
   * @param perCluster how many observations to keep per cluster (the oldest go first)
   */
  public ObservationHistory(int perCluster) {
    if (perCluster < 1) {
      throw new IllegalArgumentException("perCluster=" + perCluster + " must be >= 1");
    }
    this.perCluster = perCluster;
  }

  @Override
  public void passed(ClusterPlan plan, LoopResult result) {
    result.snapshot().ifPresent(s -> record(plan.clusterId(), PassObservation.of(s)));
  }

  public void record(String cluster, PassObservation observation) {
    Deque<PassObservation> q = byCluster.computeIfAbsent(cluster, c -> new ArrayDeque<>());
    synchronized (q) {
      // The same window seen twice (verify right after decide) is charted once.
      if (!q.isEmpty() && q.peekLast().at().equals(observation.at())) {
        q.pollLast();
      }
      q.addLast(observation);
      while (q.size() > perCluster) {
        q.pollFirst();
      }
    }
  }

  /** The cluster's observations, oldest first. */
  public List<PassObservation> of(String cluster) {
    Deque<PassObservation> q = byCluster.get(cluster);
    if (q == null) {
      return List.of();
    }
    synchronized (q) {
      return List.copyOf(q);
    }
  }

  /** Drops a deleted cluster's observations; the page no longer lists it. */
  @Override
  public void forget(String cluster) {
    byCluster.remove(cluster);
  }

  public Set<String> clusters() {
    return new TreeSet<>(byCluster.keySet());
  }
}
