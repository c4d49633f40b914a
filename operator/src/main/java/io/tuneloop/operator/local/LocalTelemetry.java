package io.tuneloop.operator.local;

import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.scrape.MetricsEndpoint;
import io.tuneloop.telemetry.scrape.MetricsFetcher;
import io.tuneloop.telemetry.scrape.ScrapeSnapshotSource;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Telemetry for {@code --local} mode: the brokers' and bookies' metrics endpoints, scraped. */
public final class LocalTelemetry {
  private LocalTelemetry() {}

  /**
   * @param firstWindow how long the first observation waits between its two scrapes (rates need
   *     two)
   */
  public static SnapshotSource scrape(
      String clusterId, List<URI> brokers, List<URI> bookies, Duration firstWindow) {
    List<MetricsEndpoint> endpoints = new ArrayList<>();
    Map<String, Double> cores = new HashMap<>();
    double cpus = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < brokers.size(); i++) {
      endpoints.add(
          new MetricsEndpoint("broker-" + i, MetricsEndpoint.NodeRole.BROKER, brokers.get(i)));
      cores.put("broker-" + i, cpus);
    }
    for (int i = 0; i < bookies.size(); i++) {
      endpoints.add(
          new MetricsEndpoint("bookie-" + i, MetricsEndpoint.NodeRole.BOOKIE, bookies.get(i)));
      cores.put("bookie-" + i, cpus);
    }
    int b = brokers.size();
    int k = bookies.size();
    return new ScrapeSnapshotSource(
        clusterId,
        endpoints,
        cores,
        new MetricsFetcher(Duration.ofSeconds(10)),
        new PrometheusTextParser(),
        // Replicas are what was given; dynamic settings are overlaid by the environment.
        () -> new ClusterSettings(b, k, Map.of()),
        Clock.systemUTC(),
        firstWindow,
        Duration.ofMinutes(10));
  }
}
