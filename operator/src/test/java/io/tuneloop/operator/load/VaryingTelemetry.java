package io.tuneloop.operator.load;

import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated telemetry for one cluster of the load run: load follows a sine wave with the cluster's
 * own phase and period, and latency and CPU follow load, so the planner sees a different picture
 * each window and clusters do not move in step. Every reading is present and fresh.
 */
final class VaryingTelemetry implements SnapshotSource {
  private final String clusterId;
  private final Clock clock;
  private final Instant start;
  private final double phase;
  private final Duration period;

  VaryingTelemetry(String clusterId, Clock clock, double phase, Duration period) {
    this.clusterId = clusterId;
    this.clock = clock;
    this.start = clock.instant();
    this.phase = phase;
    this.period = period;
  }

  /** Load between 0.2 and 1.8 of nominal. */
  double load(Instant now) {
    double t = Duration.between(start, now).toMillis() / (double) period.toMillis();
    return 1 + 0.8 * Math.sin(2 * Math.PI * t + phase);
  }

  @Override
  public ClusterSnapshot observe() {
    Instant now = clock.instant();
    double load = load(now);
    List<NodeSnapshot<BrokerMetric>> brokers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
      for (BrokerMetric m : BrokerMetric.values()) {
        r.put(m, Reading.of(broker(m, load), now, "simulated"));
      }
      brokers.add(NodeSnapshot.broker("pulsar-broker-" + i, r));
    }
    List<NodeSnapshot<BookieMetric>> bookies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<BookieMetric, Reading> r = new EnumMap<>(BookieMetric.class);
      for (BookieMetric m : BookieMetric.values()) {
        r.put(
            m,
            Reading.of(
                m == BookieMetric.UNDER_REPLICATED_LEDGERS ? 0 : 0.2 + 0.3 * load,
                now,
                "simulated"));
      }
      bookies.add(NodeSnapshot.bookie("pulsar-bookie-" + i, r));
    }
    return new ClusterSnapshot(
        clusterId,
        now.minus(Duration.ofSeconds(10)),
        now,
        brokers,
        bookies,
        MessageSizeDistribution.unknown("simulated"),
        new ClusterSettings(0, 0, Map.of()),
        List.of());
  }

  private static double broker(BrokerMetric m, double load) {
    double p99 = 8 + 30 * load * load;
    return switch (m) {
      case PUBLISH_LATENCY_P99 -> p99;
      case PUBLISH_LATENCY_P95 -> p99 * 0.6;
      case PUBLISH_LATENCY_P50 -> p99 * 0.3;
      case MSG_RATE_IN -> 5000 * load;
      case MSG_RATE_OUT -> 5000 * load;
      case CPU_UTILISATION -> Math.min(1, 0.15 + 0.45 * load);
      default -> 1 + load;
    };
  }
}
