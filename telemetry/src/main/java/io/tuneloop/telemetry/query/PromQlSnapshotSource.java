package io.tuneloop.telemetry.query;

import io.tuneloop.telemetry.prometheus.Bucket;
import io.tuneloop.telemetry.prometheus.Histogram;
import io.tuneloop.telemetry.prometheus.NameEncodedHistogramDecoder;
import io.tuneloop.telemetry.promql.InstantSample;
import io.tuneloop.telemetry.promql.PromQlException;
import io.tuneloop.telemetry.promql.QueryResult;
import io.tuneloop.telemetry.scrape.SettingsProvider;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.MetricKey;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Builds snapshots from a Prometheus server that already scrapes the cluster.
 *
 * <p>The set of nodes comes from {@code up}: a node whose last scrape failed, or whose last scrape
 * is older than {@code maxStaleness}, is listed with absent readings and a problem. A query that
 * fails or answers NaN leaves that metric absent with the reason; only a failure to list the nodes
 * at all (Prometheus down, a bad answer to {@code up}) throws.
 */
public final class PromQlSnapshotSource implements SnapshotSource {
  private static final String NODE = "$NODE";
  private static final String SEL = "$SEL";
  private static final String RANGE = "$RANGE";

  private final String clusterId;
  private final InstantQuery query;
  private final PromQlSelectors selectors;
  private final SettingsProvider settings;
  private final Clock clock;
  private final Duration maxStaleness;
  private final NameEncodedHistogramDecoder decoder = new NameEncodedHistogramDecoder();

  public PromQlSnapshotSource(
      String clusterId,
      InstantQuery query,
      PromQlSelectors selectors,
      SettingsProvider settings,
      Clock clock,
      Duration maxStaleness) {
    this.clusterId = clusterId;
    this.query = query;
    this.selectors = selectors;
    this.settings = settings;
    this.clock = clock;
    this.maxStaleness = maxStaleness;
  }

  /** The broker queries, one per metric; {@code $SEL}, {@code $NODE}, {@code $RANGE} are filled. */
  static Map<BrokerMetric, String> brokerQueries() {
    Map<BrokerMetric, String> q = new EnumMap<>(BrokerMetric.class);
    q.put(BrokerMetric.MSG_RATE_IN, "sum by ($NODE) (pulsar_broker_rate_in{$SEL})");
    q.put(BrokerMetric.MSG_RATE_OUT, "sum by ($NODE) (pulsar_broker_rate_out{$SEL})");
    q.put(BrokerMetric.BYTES_RATE_IN, "sum by ($NODE) (pulsar_broker_throughput_in{$SEL})");
    q.put(BrokerMetric.BYTES_RATE_OUT, "sum by ($NODE) (pulsar_broker_throughput_out{$SEL})");
    q.put(BrokerMetric.PUBLISH_LATENCY_P50, latency("0.5"));
    q.put(BrokerMetric.PUBLISH_LATENCY_P95, latency("0.95"));
    q.put(BrokerMetric.PUBLISH_LATENCY_P99, latency("0.99"));
    q.put(BrokerMetric.BACKLOG, "sum by ($NODE) (pulsar_broker_msg_backlog{$SEL})");
    q.put(
        BrokerMetric.CACHE_HIT_RATE,
        "sum by ($NODE) (pulsar_ml_cache_hits_rate{$SEL}) / (sum by ($NODE)"
            + " (pulsar_ml_cache_hits_rate{$SEL}) + sum by ($NODE)"
            + " (pulsar_ml_cache_misses_rate{$SEL}))");
    q.put(BrokerMetric.CACHE_SIZE, "sum by ($NODE) (pulsar_ml_cache_used_size{$SEL})");
    q.put(BrokerMetric.HEAP_USED, "sum by ($NODE) (jvm_memory_bytes_used{$SEL,area=\"heap\"})");
    q.put(BrokerMetric.HEAP_MAX, "sum by ($NODE) (jvm_memory_bytes_max{$SEL,area=\"heap\"})");
    q.put(BrokerMetric.DIRECT_MEMORY_USED, "sum by ($NODE) (jvm_memory_direct_bytes_used{$SEL})");
    q.put(BrokerMetric.DIRECT_MEMORY_MAX, "sum by ($NODE) (jvm_memory_direct_bytes_max{$SEL})");
    q.put(BrokerMetric.TOPICS, "sum by ($NODE) (pulsar_broker_topics_count{$SEL})");
    q.put(BrokerMetric.PRODUCERS, "sum by ($NODE) (pulsar_broker_producers_count{$SEL})");
    q.put(BrokerMetric.CONSUMERS, "sum by ($NODE) (pulsar_broker_consumers_count{$SEL})");
    return q;
  }

  static Map<BookieMetric, String> bookieQueries() {
    Map<BookieMetric, String> q = new EnumMap<>(BookieMetric.class);
    q.put(
        BookieMetric.ADD_ENTRY_RATE,
        "sum by ($NODE) (rate(bookie_BOOKIE_ADD_ENTRY_count{$SEL,success=\"true\"}[$RANGE]))");
    q.put(BookieMetric.WRITE_BYTES_RATE, "sum by ($NODE) (rate(bookie_WRITE_BYTES{$SEL}[$RANGE]))");
    q.put(
        BookieMetric.READ_ENTRY_RATE,
        "sum by ($NODE) (rate(bookie_BOOKIE_READ_ENTRY_count{$SEL,success=\"true\"}[$RANGE]))");
    q.put(BookieMetric.JOURNAL_ADD_LATENCY_P50, journal("JOURNAL_ADD_ENTRY", "0.5"));
    q.put(BookieMetric.JOURNAL_ADD_LATENCY_P99, journal("JOURNAL_ADD_ENTRY", "0.99"));
    q.put(BookieMetric.JOURNAL_SYNC_LATENCY_P50, journal("JOURNAL_SYNC", "0.5"));
    q.put(BookieMetric.JOURNAL_SYNC_LATENCY_P99, journal("JOURNAL_SYNC", "0.99"));
    q.put(
        BookieMetric.JOURNAL_QUEUE_SIZE,
        "sum by ($NODE) (bookie_journal_JOURNAL_QUEUE_SIZE{$SEL})");
    q.put(
        BookieMetric.JOURNAL_FORCE_WRITE_BATCH_ENTRIES,
        "sum by ($NODE) (rate(bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES_sum{$SEL}[$RANGE]))"
            + " / sum by ($NODE)"
            + " (rate(bookie_journal_JOURNAL_FORCE_WRITE_BATCH_ENTRIES_count{$SEL}[$RANGE]))");
    q.put(BookieMetric.HEAP_USED, "sum by ($NODE) (jvm_memory_bytes_used{$SEL,area=\"heap\"})");
    q.put(BookieMetric.DIRECT_MEMORY_USED, "sum by ($NODE) (jvm_memory_direct_bytes_used{$SEL})");
    q.put(
        BookieMetric.DISK_USAGE,
        "max by ($NODE) ({__name__=~\"bookie_ledger_dir_.*_usage\",$SEL}) / 100");
    return q;
  }

  private static String latency(String q) {
    return "max by ($NODE) (pulsar_broker_publish_latency{$SEL,quantile=\"" + q + "\"})";
  }

  private static String journal(String op, String q) {
    return "max by ($NODE) (bookie_journal_"
        + op
        + "{$SEL,success=\"true\",quantile=\""
        + q
        + "\"})";
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    List<String> problems = new ArrayList<>();
    Instant now = clock.instant();
    Map<String, Instant> brokerNodes = nodes(selectors.brokerMatchers(), now, problems);
    if (brokerNodes.isEmpty()) {
      throw new TelemetryException(
          "Prometheus knows no live broker of cluster "
              + clusterId
              + " matching {"
              + selectors.brokerMatchers()
              + "}: "
              + String.join("; ", problems));
    }
    Map<String, Instant> bookieNodes = nodes(selectors.bookieMatchers(), now, problems);

    Map<String, Map<BrokerMetric, Reading>> brokers =
        readAll(
            brokerNodes, brokerQueries(), selectors.brokerMatchers(), problems, BrokerMetric.class);
    Map<String, Map<BookieMetric, Reading>> bookies =
        readAll(
            bookieNodes, bookieQueries(), selectors.bookieMatchers(), problems, BookieMetric.class);
    addCpu(
        brokers, brokerNodes, selectors.brokerMatchers(), BrokerMetric.CPU_UTILISATION, problems);
    addCpu(
        bookies, bookieNodes, selectors.bookieMatchers(), BookieMetric.CPU_UTILISATION, problems);
    addStorageWriteLatency(brokers, brokerNodes, problems);
    for (var r : brokers.values()) {
      r.putIfAbsent(
          BrokerMetric.PENDING_ADD_QUEUE,
          Reading.absent("Pulsar 4.0 does not export the pending-add queue"));
    }
    for (var r : bookies.values()) {
      r.putIfAbsent(
          BookieMetric.UNDER_REPLICATED_LEDGERS,
          Reading.absent("under-replicated ledgers come from the bookie admin API"));
    }

    List<NodeSnapshot<BrokerMetric>> brokerSnapshots = new ArrayList<>();
    brokers.forEach((node, r) -> brokerSnapshots.add(NodeSnapshot.broker(node, r)));
    List<NodeSnapshot<BookieMetric>> bookieSnapshots = new ArrayList<>();
    bookies.forEach((node, r) -> bookieSnapshots.add(NodeSnapshot.bookie(node, r)));
    Instant end = clock.instant();
    return new ClusterSnapshot(
        clusterId,
        now.minus(selectors.rateWindow()),
        end.isBefore(now) ? now : end,
        brokerSnapshots,
        bookieSnapshots,
        messageSizes(brokerSnapshots, problems),
        settings.current(),
        problems);
  }

  /** Live nodes by name with their last scrape time; dead or stale ones become problems. */
  private Map<String, Instant> nodes(String matchers, Instant now, List<String> problems)
      throws TelemetryException {
    String node = selectors.nodeLabel();
    QueryResult.Vector up;
    QueryResult.Vector scraped;
    try {
      up = query.run("max by (" + node + ") (up{" + matchers + "})");
      scraped = query.run("max by (" + node + ") (timestamp(up{" + matchers + "}))");
    } catch (PromQlException e) {
      throw new TelemetryException("cannot list nodes {" + matchers + "}: " + e.getMessage(), e);
    }
    Map<String, Instant> lastScrape = new TreeMap<>();
    for (InstantSample s : scraped.samples()) {
      String name = s.labels().getOrNull(node);
      if (name != null && Double.isFinite(s.value())) {
        lastScrape.put(name, Instant.ofEpochMilli(Math.round(s.value() * 1000)));
      }
    }
    Map<String, Instant> live = new TreeMap<>();
    for (InstantSample s : up.samples()) {
      String name = s.labels().getOrNull(node);
      if (name == null) {
        problems.add("an up{" + matchers + "} series has no '" + node + "' label; ignored");
        continue;
      }
      Instant at = lastScrape.getOrDefault(name, s.point().time());
      if (!(s.value() == 1.0)) {
        problems.add(name + " is down in Prometheus (up=" + s.value() + ")");
      } else if (Duration.between(at, now).compareTo(maxStaleness) > 0) {
        problems.add(
            name + " was last scraped at " + at + ", older than the " + maxStaleness + " allowed");
      } else {
        live.put(name, at);
      }
    }
    return live;
  }

  private <M extends Enum<M> & MetricKey> Map<String, Map<M, Reading>> readAll(
      Map<String, Instant> nodes,
      Map<M, String> queries,
      String matchers,
      List<String> problems,
      Class<M> type) {
    Map<String, Map<M, Reading>> out = new TreeMap<>();
    nodes.keySet().forEach(n -> out.put(n, new EnumMap<>(type)));
    for (Map.Entry<M, String> q : queries.entrySet()) {
      String promql = fill(q.getValue(), matchers);
      Map<String, Double> values;
      try {
        values = byNode(query.run(promql));
      } catch (PromQlException e) {
        problems.add(q.getKey().id() + ": " + e.getMessage());
        String reason = "query failed: " + e.getMessage();
        out.values().forEach(r -> r.put(q.getKey(), Reading.absent(reason)));
        continue;
      }
      for (Map.Entry<String, Instant> n : nodes.entrySet()) {
        Double v = values.get(n.getKey());
        Reading r;
        if (v == null) {
          r = Reading.absent("no " + q.getKey().id() + " series for " + n.getKey());
        } else if (!Double.isFinite(v)) {
          r = Reading.absent(q.getKey().id() + " of " + n.getKey() + " is " + v);
        } else {
          r = Reading.of(v, n.getValue(), "promql");
        }
        out.get(n.getKey()).put(q.getKey(), r);
      }
    }
    return out;
  }

  private <M extends Enum<M> & MetricKey> void addCpu(
      Map<String, Map<M, Reading>> readings,
      Map<String, Instant> nodes,
      String matchers,
      M metric,
      List<String> problems) {
    Map<String, Double> cpuSeconds = Map.of();
    Map<String, Double> lb = Map.of();
    try {
      cpuSeconds =
          byNode(
              query.run(
                  fill(
                      "sum by ($NODE) (rate(process_cpu_seconds_total{$SEL}[$RANGE]))", matchers)));
      lb = byNode(query.run(fill("max by ($NODE) (pulsar_lb_cpu_usage{$SEL}) / 100", matchers)));
    } catch (PromQlException e) {
      problems.add(metric.id() + ": " + e.getMessage());
    }
    for (Map.Entry<String, Instant> n : nodes.entrySet()) {
      Double cores = selectors.cpuCoresByNode().get(n.getKey());
      Double rate = cpuSeconds.get(n.getKey());
      Double fromLb = lb.get(n.getKey());
      Reading r;
      if (cores != null && rate != null && Double.isFinite(rate)) {
        r = Reading.of(rate / cores, n.getValue(), "promql process CPU rate");
      } else if (fromLb != null && Double.isFinite(fromLb)) {
        r = Reading.of(fromLb, n.getValue(), "pulsar_lb_cpu_usage");
      } else {
        r =
            Reading.absent(
                "no CPU rate with known cores and no pulsar_lb_cpu_usage for " + n.getKey());
      }
      readings.get(n.getKey()).put(metric, r);
    }
  }

  /**
   * Storage write latency from Pulsar's name-encoded per-topic buckets, summed per broker in
   * Prometheus and turned into quantiles here.
   */
  private void addStorageWriteLatency(
      Map<String, Map<BrokerMetric, Reading>> readings,
      Map<String, Instant> nodes,
      List<String> problems) {
    Map<String, TreeMap<Double, Double>> perNode = new TreeMap<>();
    String base = "pulsar_storage_write_latency";
    try {
      QueryResult.Vector v =
          query.run(
              fill(
                  "sum by ($NODE, __name__) ({__name__=~\"" + base + "_(le_.+|overflow)\",$SEL})",
                  selectors.brokerMatchers()));
      for (InstantSample s : v.samples()) {
        String node = s.labels().getOrNull(selectors.nodeLabel());
        String name = s.labels().getOrNull("__name__");
        if (node == null || name == null || !Double.isFinite(s.value())) {
          continue;
        }
        String suffix = name.substring(base.length() + 1);
        OptionalDouble bound =
            decoder.upperBound(suffix.startsWith("le_") ? suffix.substring(3) : suffix);
        if (bound.isPresent()) {
          perNode
              .computeIfAbsent(node, k -> new TreeMap<>())
              .merge(bound.getAsDouble(), s.value(), Double::sum);
        }
      }
    } catch (PromQlException e) {
      problems.add("storage_write_latency: " + e.getMessage());
    }
    for (Map.Entry<String, Instant> n : nodes.entrySet()) {
      TreeMap<Double, Double> buckets = perNode.get(n.getKey());
      Reading p50 = Reading.absent("no storage write latency buckets for " + n.getKey());
      Reading p99 = p50;
      if (buckets != null) {
        List<Bucket> cumulative = cumulative(buckets);
        double a = Histogram.estimateQuantile(0.5, cumulative);
        double b = Histogram.estimateQuantile(0.99, cumulative);
        String none = "no storage writes on " + n.getKey() + " in the last stats interval";
        p50 = Double.isFinite(a) ? Reading.of(a, n.getValue(), "promql") : Reading.absent(none);
        p99 = Double.isFinite(b) ? Reading.of(b, n.getValue(), "promql") : Reading.absent(none);
      }
      readings.get(n.getKey()).put(BrokerMetric.STORAGE_WRITE_LATENCY_P50, p50);
      readings.get(n.getKey()).put(BrokerMetric.STORAGE_WRITE_LATENCY_P99, p99);
    }
  }

  private MessageSizeDistribution messageSizes(
      List<NodeSnapshot<BrokerMetric>> brokers, List<String> problems) {
    String base = "pulsar_entry_size";
    TreeMap<Double, Double> buckets = new TreeMap<>();
    try {
      QueryResult.Vector v =
          query.run(
              fill(
                  "sum by (__name__) ({__name__=~\"" + base + "_le_.+\",$SEL})",
                  selectors.brokerMatchers()));
      for (InstantSample s : v.samples()) {
        String name = s.labels().getOrNull("__name__");
        if (name == null || !name.startsWith(base + "_le_") || !Double.isFinite(s.value())) {
          continue;
        }
        OptionalDouble bound = decoder.upperBound(name.substring(base.length() + 4));
        if (bound.isPresent()) {
          buckets.merge(bound.getAsDouble(), s.value(), Double::sum);
        }
      }
    } catch (PromQlException e) {
      problems.add("message sizes: " + e.getMessage());
    }
    Reading mean =
        MessageSizeDistribution.meanBytes(
            ClusterSnapshot.aggregate(brokers, BrokerMetric.MSG_RATE_IN, Aggregation.SUM),
            ClusterSnapshot.aggregate(brokers, BrokerMetric.BYTES_RATE_IN, Aggregation.SUM));
    double[] bounds = new double[buckets.size()];
    long[] counts = new long[buckets.size()];
    int i = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      bounds[i] = b.getKey();
      counts[i++] = Math.round(Math.max(0, b.getValue()));
    }
    return new MessageSizeDistribution(bounds, counts, mean);
  }

  private static List<Bucket> cumulative(TreeMap<Double, Double> perBucket) {
    List<Bucket> out = new ArrayList<>();
    double running = 0;
    for (Map.Entry<Double, Double> e : perBucket.entrySet()) {
      running += e.getValue();
      out.add(new Bucket(e.getKey(), running));
    }
    return out;
  }

  private String fill(String template, String matchers) {
    return template
        .replace(NODE, selectors.nodeLabel())
        .replace(SEL, matchers)
        .replace(RANGE, selectors.range());
  }

  private Map<String, Double> byNode(QueryResult.Vector v) {
    Map<String, Double> out = new TreeMap<>();
    for (InstantSample s : v.samples()) {
      String node = s.labels().getOrNull(selectors.nodeLabel());
      if (node != null) {
        out.put(node, s.value());
      }
    }
    return out;
  }
}
