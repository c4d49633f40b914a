package io.tuneloop.telemetry.scrape;

import static io.tuneloop.telemetry.scrape.ExpositionReadings.firstPresent;

import io.tuneloop.telemetry.prometheus.Sample;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Maps a Pulsar 4.0 broker's {@code /metrics/} output to broker readings. Broker-level families
 * ({@code pulsar_broker_*}) are preferred; per-topic families are the fallback for brokers that do
 * not aggregate. Storage write latency comes from the per-topic name-encoded buckets, which hold
 * counts for the last stats interval.
 */
final class BrokerScrapeReader {

  NodeSnapshot<BrokerMetric> read(
      String node, Scrape current, Scrape previous, OptionalDouble cpuCores) {
    ExpositionReadings x = new ExpositionReadings(node, current, previous);
    Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
    r.put(
        BrokerMetric.MSG_RATE_IN,
        firstPresent(x.gauge("pulsar_broker_rate_in"), x.gauge("pulsar_rate_in")));
    r.put(
        BrokerMetric.MSG_RATE_OUT,
        firstPresent(x.gauge("pulsar_broker_rate_out"), x.gauge("pulsar_rate_out")));
    r.put(
        BrokerMetric.BYTES_RATE_IN,
        firstPresent(x.gauge("pulsar_broker_throughput_in"), x.gauge("pulsar_throughput_in")));
    r.put(
        BrokerMetric.BYTES_RATE_OUT,
        firstPresent(x.gauge("pulsar_broker_throughput_out"), x.gauge("pulsar_throughput_out")));
    r.put(
        BrokerMetric.PUBLISH_LATENCY_P50,
        x.summaryQuantile("pulsar_broker_publish_latency", 0.5, s -> true));
    r.put(
        BrokerMetric.PUBLISH_LATENCY_P95,
        x.summaryQuantile("pulsar_broker_publish_latency", 0.95, s -> true));
    r.put(
        BrokerMetric.PUBLISH_LATENCY_P99,
        x.summaryQuantile("pulsar_broker_publish_latency", 0.99, s -> true));
    r.put(
        BrokerMetric.STORAGE_WRITE_LATENCY_P50,
        x.nameEncodedQuantile("pulsar_storage_write_latency", 0.5));
    r.put(
        BrokerMetric.STORAGE_WRITE_LATENCY_P99,
        x.nameEncodedQuantile("pulsar_storage_write_latency", 0.99));
    r.put(
        BrokerMetric.PENDING_ADD_QUEUE,
        Reading.absent("Pulsar 4.0 does not export the pending-add queue on /metrics"));
    r.put(
        BrokerMetric.BACKLOG,
        firstPresent(x.gauge("pulsar_broker_msg_backlog"), x.gauge("pulsar_msg_backlog")));
    r.put(BrokerMetric.CACHE_HIT_RATE, cacheHitRate(x));
    r.put(BrokerMetric.CACHE_SIZE, x.gauge("pulsar_ml_cache_used_size"));
    r.put(BrokerMetric.CPU_UTILISATION, cpu(x, cpuCores));
    r.put(BrokerMetric.HEAP_USED, x.gauge("jvm_memory_bytes_used", heap()));
    r.put(BrokerMetric.HEAP_MAX, x.gauge("jvm_memory_bytes_max", heap()));
    r.put(BrokerMetric.DIRECT_MEMORY_USED, x.gauge("jvm_memory_direct_bytes_used"));
    r.put(BrokerMetric.DIRECT_MEMORY_MAX, x.gauge("jvm_memory_direct_bytes_max"));
    r.put(
        BrokerMetric.TOPICS,
        firstPresent(x.gauge("pulsar_broker_topics_count"), x.gauge("pulsar_topics_count")));
    r.put(
        BrokerMetric.PRODUCERS,
        firstPresent(x.gauge("pulsar_broker_producers_count"), x.gauge("pulsar_producers_count")));
    r.put(
        BrokerMetric.CONSUMERS,
        firstPresent(x.gauge("pulsar_broker_consumers_count"), x.gauge("pulsar_consumers_count")));
    return NodeSnapshot.broker(node, r);
  }

  private static java.util.function.Predicate<Sample> heap() {
    return s -> s.labels().has("area", "heap");
  }

  private static Reading cacheHitRate(ExpositionReadings x) {
    Reading hits = x.gauge("pulsar_ml_cache_hits_rate");
    Reading misses = x.gauge("pulsar_ml_cache_misses_rate");
    if (!hits.isPresent() || !misses.isPresent()) {
      return hits.isPresent() ? misses : hits;
    }
    double reads = hits.value() + misses.value();
    if (reads <= 0) {
      return Reading.absent("no managed-ledger cache reads in the window");
    }
    return Reading.of(hits.value() / reads, hits.observedAt(), hits.source());
  }

  /**
   * CPU as a fraction of the pod's cores: the process CPU-seconds rate over the declared cores when
   * they are known, otherwise the load manager's own CPU usage percentage.
   */
  static Reading cpu(ExpositionReadings x, OptionalDouble cpuCores) {
    if (cpuCores.isPresent()) {
      Reading rate = x.rate("process_cpu_seconds_total", "process_cpu_seconds_total", s -> true);
      if (rate.isPresent()) {
        return Reading.of(rate.value() / cpuCores.getAsDouble(), rate.observedAt(), rate.source());
      }
    }
    Reading lb = x.gauge("pulsar_lb_cpu_usage");
    if (!lb.isPresent()) {
      return Reading.absent("neither a CPU-seconds rate with known cores nor pulsar_lb_cpu_usage");
    }
    return Reading.of(lb.value() / 100.0, lb.observedAt(), "pulsar_lb_cpu_usage");
  }
}
