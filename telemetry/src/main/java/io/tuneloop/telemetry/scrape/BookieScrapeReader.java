package io.tuneloop.telemetry.scrape;

import io.tuneloop.telemetry.prometheus.MetricFamily;
import io.tuneloop.telemetry.prometheus.Sample;
import io.tuneloop.telemetry.prometheus.Summary;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Maps a BookKeeper 4.17 bookie's {@code /metrics} output (Pulsar 4.0) to bookie readings. Journal
 * latencies are the summaries' quantiles in ms; entry and byte rates are counter increases between
 * two scrapes. Under-replicated ledgers are not on this endpoint: they come from the bookie admin
 * API, so the reading here is absent with that reason.
 */
final class BookieScrapeReader {

  NodeSnapshot<BookieMetric> read(
      String node, Scrape current, Scrape previous, OptionalDouble cpuCores) {
    ExpositionReadings x = new ExpositionReadings(node, current, previous);
    Predicate<Sample> ok = s -> s.labels().has("success", "true");
    Predicate<Summary> okSummary = s -> s.labels().has("success", "true");
    Map<BookieMetric, Reading> r = new EnumMap<>(BookieMetric.class);
    r.put(
        BookieMetric.ADD_ENTRY_RATE,
        x.rate("bookie_BOOKIE_ADD_ENTRY", "bookie_BOOKIE_ADD_ENTRY_count", ok));
    r.put(
        BookieMetric.WRITE_BYTES_RATE,
        x.rate("bookie_WRITE_BYTES", "bookie_WRITE_BYTES", s -> true));
    r.put(
        BookieMetric.READ_ENTRY_RATE,
        x.rate("bookie_BOOKIE_READ_ENTRY", "bookie_BOOKIE_READ_ENTRY_count", ok));
    r.put(
        BookieMetric.JOURNAL_ADD_LATENCY_P50,
        x.summaryQuantile("bookie_journal_JOURNAL_ADD_ENTRY", 0.5, okSummary));
    r.put(
        BookieMetric.JOURNAL_ADD_LATENCY_P99,
        x.summaryQuantile("bookie_journal_JOURNAL_ADD_ENTRY", 0.99, okSummary));
    r.put(
        BookieMetric.JOURNAL_SYNC_LATENCY_P50,
        x.summaryQuantile("bookie_journal_JOURNAL_SYNC", 0.5, okSummary));
    r.put(
        BookieMetric.JOURNAL_SYNC_LATENCY_P99,
        x.summaryQuantile("bookie_journal_JOURNAL_SYNC", 0.99, okSummary));
    r.put(BookieMetric.JOURNAL_QUEUE_SIZE, x.gauge("bookie_journal_JOURNAL_QUEUE_SIZE"));
    r.put(
        BookieMetric.JOURNAL_FORCE_WRITE_BATCH_ENTRIES,
        x.windowMean("bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES", s -> true));
    r.put(BookieMetric.CPU_UTILISATION, BrokerScrapeReader.cpu(x, cpuCores));
    r.put(
        BookieMetric.HEAP_USED,
        x.gauge("jvm_memory_bytes_used", s -> s.labels().has("area", "heap")));
    r.put(BookieMetric.DIRECT_MEMORY_USED, x.gauge("jvm_memory_direct_bytes_used"));
    r.put(BookieMetric.DISK_USAGE, diskUsage(x, node));
    r.put(
        BookieMetric.UNDER_REPLICATED_LEDGERS,
        Reading.absent("under-replicated ledgers come from the bookie admin API, not /metrics"));
    return NodeSnapshot.bookie(node, r);
  }

  /**
   * Fullest ledger directory: BookKeeper exports one {@code bookie_ledger_dir_<path>_usage} gauge
   * per directory, in percent.
   */
  private static Reading diskUsage(ExpositionReadings x, String node) {
    double worst = Double.NaN;
    for (MetricFamily f : x.exposition().familiesWithPrefix("bookie_ledger_dir_")) {
      if (!f.name().endsWith("_usage")) {
        continue;
      }
      for (Sample s : f.samples()) {
        if (Double.isFinite(s.value())) {
          worst = Double.isNaN(worst) ? s.value() : Math.max(worst, s.value());
        }
      }
    }
    if (Double.isNaN(worst)) {
      return Reading.absent(node + " exports no ledger directory usage");
    }
    return Reading.of(worst / 100.0, x.at(), x.source());
  }
}
