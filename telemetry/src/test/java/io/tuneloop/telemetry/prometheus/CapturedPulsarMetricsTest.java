package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parses real {@code /metrics} output captured from the fixture's Pulsar 4.0.7 standalone broker
 * and bookie under load (see the first comment line of each file), and checks the families the
 * snapshot builder relies on.
 */
class CapturedPulsarMetricsTest {

  private final PrometheusTextParser parser = new PrometheusTextParser();

  private Exposition load(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/prometheus/" + resource)) {
      assertThat(in).as(resource + " on the test classpath").isNotNull();
      return parser.parse(in);
    }
  }

  @Test
  void brokerTopicGaugesCarryClusterNamespaceAndTopic() throws IOException {
    Exposition broker = load("broker-metrics.txt");
    assertThat(broker.families().size()).isGreaterThan(200);
    MetricFamily rateIn = broker.require("pulsar_rate_in");
    assertThat(rateIn.type()).isEqualTo(MetricType.GAUGE);
    assertThat(rateIn.labelValues("topic"))
        .isNotEmpty()
        .allMatch(t -> t.startsWith("persistent://"));
    assertThat(rateIn.labelValues("cluster")).containsExactly("standalone");
    assertThat(rateIn.sum()).as("captured under load").isPositive();
    assertThat(broker.require("pulsar_throughput_in").labelValues("topic"))
        .isEqualTo(rateIn.labelValues("topic"));
  }

  @Test
  void brokerNameEncodedBucketsDecodeToConsistentHistograms() throws IOException {
    Exposition broker = load("broker-metrics.txt");
    NameEncodedHistogramDecoder decoder = new NameEncodedHistogramDecoder();
    assertThat(decoder.baseNames(broker))
        .contains(
            "pulsar_storage_write_latency",
            "pulsar_storage_ledger_write_latency",
            "pulsar_entry_size");
    Set<String> topics = broker.require("pulsar_rate_in").labelValues("topic");
    for (String base : List.of("pulsar_storage_write_latency", "pulsar_entry_size")) {
      List<Histogram> histograms = decoder.decode(broker, base);
      assertThat(histograms)
          .extracting(h -> h.labels().getOrNull("topic"))
          .containsExactlyInAnyOrderElementsOf(topics);
      for (Histogram h : histograms) {
        assertThat(h.buckets().get(h.buckets().size() - 1).upperBound())
            .isEqualTo(Double.POSITIVE_INFINITY);
        // Pulsar's buckets and _count come from one StatsBuckets snapshot.
        assertThat(h.observations()).as(base + h.labels()).isEqualTo(h.count());
        assertThat(h.buckets().get(h.buckets().size() - 1).cumulativeCount()).isEqualTo(h.count());
      }
    }
    Histogram busiest =
        decoder.decode(broker, "pulsar_storage_write_latency").stream()
            .max((a, b) -> Double.compare(a.count(), b.count()))
            .orElseThrow();
    assertThat(busiest.count()).isPositive();
    assertThat(busiest.quantile(0.5)).isBetween(0.0, 1000.0);
    assertThat(busiest.quantile(0.99)).isGreaterThanOrEqualTo(busiest.quantile(0.5));
  }

  @Test
  void brokerSummariesHistogramsAndSimpleclientCounters() throws IOException {
    Exposition broker = load("broker-metrics.txt");
    MetricFamily publish = broker.require("pulsar_broker_publish_latency");
    assertThat(publish.type()).isEqualTo(MetricType.SUMMARY);
    Summary summary = publish.summaries().get(0);
    assertThat(summary.quantile(0.5)).isPresent();
    assertThat(summary.quantile(0.99)).isPresent();
    assertThat(summary.count()).isPositive();

    MetricFamily metadata = broker.require("pulsar_metadata_store_ops_latency_ms");
    assertThat(metadata.type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(metadata.histograms()).isNotEmpty();
    for (Histogram h : metadata.histograms()) {
      assertThat(h.buckets().get(h.buckets().size() - 1).upperBound())
          .isEqualTo(Double.POSITIVE_INFINITY);
      if (h.count() > 0) {
        assertThat(h.quantile(0.99)).isPositive();
      }
    }

    MetricFamily threads = broker.require("jvm_threads_started");
    assertThat(threads.type()).isEqualTo(MetricType.COUNTER);
    assertThat(threads.sum()).isPositive();
    assertThat(broker.familyOfSample("jvm_threads_started_total")).contains(threads);
  }

  @Test
  void bookieJournalSummaries() throws IOException {
    Exposition bookie = load("bookie-metrics.txt");
    for (String name :
        List.of(
            "bookie_journal_JOURNAL_ADD_ENTRY",
            "bookie_journal_JOURNAL_SYNC",
            "bookie_journal_JOURNAL_QUEUE_LATENCY",
            "bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES")) {
      assertThat(bookie.require(name).type()).as(name).isEqualTo(MetricType.SUMMARY);
    }
    Map<String, Summary> addEntry =
        bookie.require("bookie_journal_JOURNAL_ADD_ENTRY").summaries().stream()
            .collect(Collectors.toMap(s -> s.labels().getOrNull("success"), s -> s));
    Summary ok = addEntry.get("true");
    assertThat(ok.labels().getOrNull("journalIndex")).isEqualTo("0");
    assertThat(ok.count()).as("journal adds under load").isPositive();
    assertThat(ok.quantile(0.99).orElseThrow()).isPositive();
    assertThat(ok.quantile(0.5).orElseThrow()).isLessThanOrEqualTo(ok.quantile(0.99).orElseThrow());
    // BookKeeper writes Java's "-Infinity" for empty quantiles; Go's grammar accepts it.
    assertThat(bookie.families().stream().flatMap(f -> f.samples().stream()))
        .anyMatch(s -> s.value() == Double.NEGATIVE_INFINITY);
  }
}
