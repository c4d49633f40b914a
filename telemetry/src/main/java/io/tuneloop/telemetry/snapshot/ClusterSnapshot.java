package io.tuneloop.telemetry.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything observed about one cluster over one window: per-broker and per-bookie readings, the
 * message size distribution, and the current settings and replicas. Immutable.
 *
 * <p>{@code problems} lists what went wrong while collecting (a pod that did not answer, a query
 * that failed) in words a reviewer can act on; the affected readings are absent, not zero.
 */
public record ClusterSnapshot(
    String clusterId,
    Instant windowStart,
    Instant windowEnd,
    List<NodeSnapshot<BrokerMetric>> brokers,
    List<NodeSnapshot<BookieMetric>> bookies,
    MessageSizeDistribution messageSizes,
    ClusterSettings settings,
    List<String> problems) {

  public ClusterSnapshot {
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("clusterId must not be blank, got '" + clusterId + "'");
    }
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (windowEnd.isBefore(windowStart)) {
      throw new IllegalArgumentException(
          "window ends at " + windowEnd + " before it starts at " + windowStart);
    }
    brokers = List.copyOf(brokers);
    bookies = List.copyOf(bookies);
    Objects.requireNonNull(messageSizes, "messageSizes");
    Objects.requireNonNull(settings, "settings");
    problems = List.copyOf(problems);
  }

  public Duration window() {
    return Duration.between(windowStart, windowEnd);
  }

  /**
   * Fraction of expected readings that are present across all brokers and bookies, in [0, 1]. A
   * snapshot without any broker is empty, whatever else it has.
   */
  public double completeness() {
    if (brokers.isEmpty()) {
      return 0.0;
    }
    double sum = 0;
    int nodes = 0;
    for (NodeSnapshot<?> n : brokers) {
      sum += n.completeness();
      nodes++;
    }
    for (NodeSnapshot<?> n : bookies) {
      sum += n.completeness();
      nodes++;
    }
    return sum / nodes;
  }

  /** Age at {@code now} of the oldest present reading: how stale the freshest view is at worst. */
  public Duration oldestReadingAge(Instant now) {
    Duration oldest = Duration.ZERO;
    for (NodeSnapshot<?> n : brokers) {
      oldest = max(oldest, oldestIn(n, now));
    }
    for (NodeSnapshot<?> n : bookies) {
      oldest = max(oldest, oldestIn(n, now));
    }
    return oldest;
  }

  public Reading brokers(BrokerMetric metric, Aggregation how) {
    return aggregate(brokers, metric, how);
  }

  public Reading bookies(BookieMetric metric, Aggregation how) {
    return aggregate(bookies, metric, how);
  }

  /**
   * Combines the present readings of {@code metric}. The result is absent only when no node has the
   * metric; a partial set is combined from what is there, and its source says how many nodes
   * contributed, so a reviewer can tell.
   */
  public static <M extends Enum<M> & MetricKey> Reading aggregate(
      List<NodeSnapshot<M>> nodes, M metric, Aggregation how) {
    double acc = 0;
    int present = 0;
    Instant oldest = null;
    for (NodeSnapshot<M> n : nodes) {
      Reading r = n.get(metric);
      if (!r.isPresent()) {
        continue;
      }
      acc = present == 0 ? r.value() : how.combine(acc, r.value());
      present++;
      oldest = oldest == null || r.observedAt().isBefore(oldest) ? r.observedAt() : oldest;
    }
    if (present == 0) {
      return Reading.absent("no node reported " + metric.id());
    }
    double value = how == Aggregation.MEAN ? acc / present : acc;
    return Reading.of(
        value, oldest, how.name().toLowerCase() + " of " + present + "/" + nodes.size() + " nodes");
  }

  private static Duration oldestIn(NodeSnapshot<?> node, Instant now) {
    Duration oldest = Duration.ZERO;
    for (Reading r : node.readings().values()) {
      if (r.isPresent()) {
        oldest = max(oldest, r.ageAt(now));
      }
    }
    return oldest;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
