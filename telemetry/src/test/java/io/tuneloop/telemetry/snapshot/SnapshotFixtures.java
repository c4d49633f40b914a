package io.tuneloop.telemetry.snapshot;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Builds small, fully specified snapshots for tests. */
public final class SnapshotFixtures {
  public static final Instant END = Instant.parse("2026-11-21T12:00:00Z");

  private SnapshotFixtures() {}

  public static NodeSnapshot<BrokerMetric> broker(String name, double rateIn, double cpu) {
    Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
    r.put(BrokerMetric.MSG_RATE_IN, Reading.of(rateIn, END, "test"));
    r.put(BrokerMetric.BYTES_RATE_IN, Reading.of(rateIn * 1024, END, "test"));
    r.put(BrokerMetric.CPU_UTILISATION, Reading.of(cpu, END, "test"));
    r.put(BrokerMetric.PUBLISH_LATENCY_P99, Reading.of(12.5, END.minusSeconds(30), "test"));
    r.put(BrokerMetric.HEAP_USED, Reading.of(256, END, "test"));
    r.put(BrokerMetric.HEAP_MAX, Reading.of(1024, END, "test"));
    return NodeSnapshot.broker(name, r);
  }

  public static ClusterSnapshot cluster(List<NodeSnapshot<BrokerMetric>> brokers) {
    return new ClusterSnapshot(
        "test-cluster",
        END.minusSeconds(60),
        END,
        brokers,
        List.of(),
        new MessageSizeDistribution(
            new double[] {128, 1024, 1 << 20, Double.POSITIVE_INFINITY},
            new long[] {10, 80, 5, 5},
            Reading.of(900, END, "test")),
        new ClusterSettings(brokers.size(), 3, Map.of("journalMaxGroupWaitMSec", "1")),
        List.of());
  }
}
