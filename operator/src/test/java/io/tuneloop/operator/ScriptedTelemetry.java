package io.tuneloop.operator;

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
 * A telemetry source for tests against the mock API server (which runs no Pulsar pods): every
 * broker and bookie reports every metric; the p99 publish latency is set by the test, so a test can
 * induce a regression. Replicas and settings are overlaid from the cluster by the environment, as
 * in production.
 */
public final class ScriptedTelemetry implements SnapshotSource {
  private final Clock clock;
  private volatile double p99Ms = 20;
  private volatile long underReplicated;

  public ScriptedTelemetry(Clock clock) {
    this.clock = clock;
  }

  public void p99Ms(double v) {
    p99Ms = v;
  }

  public void underReplicated(long v) {
    underReplicated = v;
  }

  @Override
  public ClusterSnapshot observe() {
    Instant now = clock.instant();
    List<NodeSnapshot<BrokerMetric>> brokers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
      for (BrokerMetric m : BrokerMetric.values()) {
        r.put(m, Reading.of(value(m), now, "test"));
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
                m == BookieMetric.UNDER_REPLICATED_LEDGERS ? underReplicated : 0.3, now, "test"));
      }
      bookies.add(NodeSnapshot.bookie("pulsar-bookie-" + i, r));
    }
    return new ClusterSnapshot(
        "pulsar",
        now.minus(Duration.ofSeconds(60)),
        now,
        brokers,
        bookies,
        MessageSizeDistribution.unknown("not scripted"),
        new ClusterSettings(0, 0, Map.of()),
        List.of());
  }

  private double value(BrokerMetric m) {
    return switch (m) {
      case PUBLISH_LATENCY_P99 -> p99Ms;
      case PUBLISH_LATENCY_P95 -> p99Ms * 0.6;
      case PUBLISH_LATENCY_P50 -> p99Ms * 0.3;
      case MSG_RATE_IN -> 1000;
      case CPU_UTILISATION -> 0.5;
      default -> 1;
    };
  }
}
