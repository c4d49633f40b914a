package io.tuneloop.telemetry.scrape;

import io.tuneloop.telemetry.prometheus.Exposition;
import io.tuneloop.telemetry.prometheus.PrometheusParseException;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Builds snapshots by scraping the pods' metrics endpoints directly, for clusters without a
 * Prometheus server.
 *
 * <p>Counters need two scrapes, so the source remembers each node's last scrape: the window of a
 * snapshot runs from the previous {@link #observe()} to this one. On the first call (or when the
 * remembered scrape is older than {@code maxWindow}) it scrapes, waits {@code firstWindow}, and
 * scrapes again. A pod that fails to answer or answers garbage makes its readings absent and adds a
 * problem; only when no broker answers at all does {@code observe} throw.
 *
 * <p>Not thread-safe: one reconcile of a cluster at a time, which JOSDK guarantees.
 */
public final class ScrapeSnapshotSource implements SnapshotSource {
  private final String clusterId;
  private final List<MetricsEndpoint> endpoints;
  private final Map<String, Double> cpuCores;
  private final MetricsFetcher fetcher;
  private final PrometheusTextParser parser;
  private final SettingsProvider settings;
  private final Clock clock;
  private final Duration firstWindow;
  private final Duration maxWindow;
  private final BrokerScrapeReader brokerReader = new BrokerScrapeReader();
  private final BookieScrapeReader bookieReader = new BookieScrapeReader();
  private final Map<String, Scrape> lastScrapes = new HashMap<>();

  public ScrapeSnapshotSource(
      String clusterId,
      List<MetricsEndpoint> endpoints,
      Map<String, Double> cpuCoresByNode,
      MetricsFetcher fetcher,
      PrometheusTextParser parser,
      SettingsProvider settings,
      Clock clock,
      Duration firstWindow,
      Duration maxWindow) {
    if (endpoints.stream().noneMatch(e -> e.role() == MetricsEndpoint.NodeRole.BROKER)) {
      throw new IllegalArgumentException("cluster " + clusterId + " has no broker endpoint");
    }
    if (firstWindow.isNegative() || maxWindow.compareTo(firstWindow) < 0) {
      throw new IllegalArgumentException(
          "windows must satisfy 0 <= first (" + firstWindow + ") <= max (" + maxWindow + ")");
    }
    this.clusterId = clusterId;
    this.endpoints = List.copyOf(endpoints);
    this.cpuCores = Map.copyOf(cpuCoresByNode);
    this.fetcher = fetcher;
    this.parser = parser;
    this.settings = settings;
    this.clock = clock;
    this.firstWindow = firstWindow;
    this.maxWindow = maxWindow;
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    Instant now = clock.instant();
    boolean needWarmup =
        endpoints.stream()
            .anyMatch(
                e -> {
                  Scrape last = lastScrapes.get(e.node());
                  return last == null || Duration.between(last.at(), now).compareTo(maxWindow) > 0;
                });
    List<String> problems = new ArrayList<>();
    Map<String, Scrape> previous = new HashMap<>();
    if (needWarmup) {
      previous.putAll(scrapeAll(new ArrayList<>()));
      sleep(firstWindow);
    } else {
      previous.putAll(lastScrapes);
    }
    Map<String, Scrape> current = scrapeAll(problems);
    lastScrapes.clear();
    lastScrapes.putAll(current);

    Instant windowStart =
        current.values().stream().map(Scrape::at).min(Instant::compareTo).orElse(clock.instant());
    for (Scrape p : previous.values()) {
      windowStart = p.at().isBefore(windowStart) ? p.at() : windowStart;
    }
    Instant windowEnd = clock.instant();
    List<NodeSnapshot<BrokerMetric>> brokers = new ArrayList<>();
    List<NodeSnapshot<BookieMetric>> bookies = new ArrayList<>();
    List<Scrape> brokerScrapes = new ArrayList<>();
    for (MetricsEndpoint e : endpoints) {
      Scrape scrape = current.get(e.node());
      OptionalDouble cores =
          cpuCores.containsKey(e.node())
              ? OptionalDouble.of(cpuCores.get(e.node()))
              : OptionalDouble.empty();
      if (e.role() == MetricsEndpoint.NodeRole.BROKER) {
        if (scrape == null) {
          brokers.add(NodeSnapshot.broker(e.node(), Map.of()));
        } else {
          brokers.add(brokerReader.read(e.node(), scrape, previous.get(e.node()), cores));
          brokerScrapes.add(scrape);
        }
      } else {
        bookies.add(
            scrape == null
                ? NodeSnapshot.bookie(e.node(), Map.of())
                : bookieReader.read(e.node(), scrape, previous.get(e.node()), cores));
      }
    }
    if (brokerScrapes.isEmpty()) {
      throw new TelemetryException(
          "no broker of cluster "
              + clusterId
              + " could be scraped: "
              + String.join("; ", problems));
    }
    ClusterSettings clusterSettings = settings.current();
    return new ClusterSnapshot(
        clusterId,
        windowStart.isAfter(windowEnd) ? windowEnd : windowStart,
        windowEnd,
        brokers,
        bookies,
        new MessageSizeReader().read(brokerScrapes, brokers),
        clusterSettings,
        problems);
  }

  private Map<String, Scrape> scrapeAll(List<String> problems) {
    Map<String, Scrape> out = new HashMap<>();
    for (MetricsEndpoint e : endpoints) {
      try {
        byte[] body = fetcher.fetch(e.url());
        Exposition parsed = parser.parse(body);
        out.put(e.node(), new Scrape(parsed, clock.instant()));
      } catch (IOException ex) {
        problems.add(ex.getMessage());
      } catch (PrometheusParseException ex) {
        problems.add(
            "metrics of " + e.node() + " at " + e.url() + " are not valid: " + ex.getMessage());
      }
    }
    return out;
  }

  private static void sleep(Duration d) throws TelemetryException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TelemetryException("interrupted while waiting between scrapes", e);
    }
  }

  /** Cluster-wide entry sizes from every broker's {@code pulsar_entry_size_le_*} buckets. */
  private static final class MessageSizeReader {
    MessageSizeDistribution read(
        List<Scrape> brokerScrapes, List<NodeSnapshot<BrokerMetric>> brokers) {
      double[] bounds = null;
      double[] cumulative = null;
      for (Scrape s : brokerScrapes) {
        var buckets = new ExpositionReadings("broker", s, null).mergedBuckets("pulsar_entry_size");
        if (buckets.isEmpty()) {
          continue;
        }
        if (bounds == null) {
          bounds = new double[buckets.size()];
          cumulative = new double[buckets.size()];
          for (int i = 0; i < bounds.length; i++) {
            bounds[i] = buckets.get(i).upperBound();
          }
        }
        if (buckets.size() == bounds.length) {
          for (int i = 0; i < bounds.length; i++) {
            cumulative[i] += buckets.get(i).cumulativeCount();
          }
        }
      }
      Reading mean =
          MessageSizeDistribution.meanBytes(
              ClusterSnapshot.aggregate(brokers, BrokerMetric.MSG_RATE_IN, Aggregation.SUM),
              ClusterSnapshot.aggregate(brokers, BrokerMetric.BYTES_RATE_IN, Aggregation.SUM));
      if (bounds == null) {
        return new MessageSizeDistribution(new double[0], new long[0], mean);
      }
      long[] counts = new long[bounds.length];
      double below = 0;
      for (int i = 0; i < bounds.length; i++) {
        counts[i] = Math.round(Math.max(0, cumulative[i] - below));
        below = Math.max(below, cumulative[i]);
      }
      return new MessageSizeDistribution(bounds, counts, mean);
    }
  }
}
