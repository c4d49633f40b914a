package io.tuneloop.telemetry.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a snapshot of the live fixture broker must hold. Some readings are legitimately absent in a
 * short test window, each for a known reason: Pulsar 4.0 does not export them on /metrics, they
 * come from the bookie admin API, the broker's storage-latency buckets or the bookie's summary
 * quantiles have not rolled over yet, or nothing was read from the cache or the ledgers. Every
 * other reading must be present, and every absent one must say why.
 */
public final class LiveReadings {
  public static final Set<BrokerMetric> BROKER_MAY_BE_ABSENT =
      EnumSet.of(
          BrokerMetric.PENDING_ADD_QUEUE,
          BrokerMetric.STORAGE_WRITE_LATENCY_P50,
          BrokerMetric.STORAGE_WRITE_LATENCY_P99,
          BrokerMetric.CACHE_HIT_RATE);
  public static final Set<BookieMetric> BOOKIE_MAY_BE_ABSENT =
      EnumSet.of(
          BookieMetric.UNDER_REPLICATED_LEDGERS,
          BookieMetric.JOURNAL_ADD_LATENCY_P50,
          BookieMetric.JOURNAL_ADD_LATENCY_P99,
          BookieMetric.JOURNAL_SYNC_LATENCY_P50,
          BookieMetric.JOURNAL_SYNC_LATENCY_P99,
          BookieMetric.JOURNAL_FORCE_WRITE_BATCH_ENTRIES,
          BookieMetric.READ_ENTRY_RATE);

  private LiveReadings() {}

  public static void assertComplete(ClusterSnapshot s) {
    for (NodeSnapshot<BrokerMetric> b : s.brokers()) {
      b.readings()
          .forEach(
              (metric, r) -> {
                if (!r.isPresent()) {
                  assertThat(BROKER_MAY_BE_ABSENT)
                      .as("broker %s is missing %s: %s", b.name(), metric, r.absentReason())
                      .contains(metric);
                  assertThat(r.absentReason()).isNotBlank();
                }
              });
    }
    for (NodeSnapshot<BookieMetric> k : s.bookies()) {
      k.readings()
          .forEach(
              (metric, r) -> {
                if (!r.isPresent()) {
                  assertThat(BOOKIE_MAY_BE_ABSENT)
                      .as("bookie %s is missing %s: %s", k.name(), metric, r.absentReason())
                      .contains(metric);
                  assertThat(r.absentReason()).isNotBlank();
                }
              });
    }
  }
}
