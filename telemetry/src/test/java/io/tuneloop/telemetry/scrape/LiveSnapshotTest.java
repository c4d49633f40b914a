package io.tuneloop.telemetry.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadReport;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.telemetry.admin.PulsarAdminConfig;
import io.tuneloop.telemetry.admin.PulsarAdminTelemetry;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.LiveReadings;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A snapshot of the real fixture broker and bookie while the real Pulsar client loads them. */
@ExtendWith(PulsarBrokerExtension.class)
class LiveSnapshotTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void snapshotUnderLoadHasRatesAndPlausibleLatency(StandaloneBroker broker) throws Exception {
    LoadSpec spec =
        LoadSpec.builder(400)
            .sizes(MessageSizes.fixed(2048))
            .topics(2)
            .producers(2)
            .consumers(2)
            .duration(Duration.ofSeconds(24))
            .topicPrefix("persistent://public/default/live-snapshot-" + UUID.randomUUID() + "-")
            .build();
    List<MetricsEndpoint> endpoints =
        List.of(
            new MetricsEndpoint(
                "broker", MetricsEndpoint.NodeRole.BROKER, URI.create(broker.brokerMetricsUrl())),
            new MetricsEndpoint(
                "bookie", MetricsEndpoint.NodeRole.BOOKIE, URI.create(broker.bookieMetricsUrl())));
    double cores = Runtime.getRuntime().availableProcessors();
    try (LoadGenerator load = new LoadGenerator(broker.serviceUrl(), spec);
        PulsarAdminTelemetry admin =
            new PulsarAdminTelemetry(PulsarAdminConfig.of(broker.webServiceUrl()))) {
      ScrapeSnapshotSource source =
          new ScrapeSnapshotSource(
              "fixture",
              endpoints,
              Map.of("broker", cores, "bookie", cores),
              new MetricsFetcher(Duration.ofSeconds(10)),
              new PrometheusTextParser(),
              () -> new ClusterSettings(1, 1, admin.dynamicConfiguration().values()),
              Clock.systemUTC(),
              Duration.ofSeconds(8),
              Duration.ofMinutes(5));
      CompletableFuture<LoadReport> running = load.start();
      // The broker refreshes its rates every stats interval; give it one under load first.
      Thread.sleep(10_000);
      ClusterSnapshot s = source.observe();
      LoadReport report = running.get(2, TimeUnit.MINUTES);

      assertThat(report.acked()).isPositive();
      NodeSnapshot<BrokerMetric> b = s.brokers().get(0);
      assertThat(b.get(BrokerMetric.MSG_RATE_IN).value()).isBetween(50.0, 2000.0);
      assertThat(b.get(BrokerMetric.BYTES_RATE_IN).value()).isGreaterThan(50.0 * 2048);
      assertThat(b.get(BrokerMetric.PUBLISH_LATENCY_P50).value()).isBetween(0.01, 10_000.0);
      assertThat(b.get(BrokerMetric.PUBLISH_LATENCY_P99).value())
          .isGreaterThanOrEqualTo(b.get(BrokerMetric.PUBLISH_LATENCY_P50).value());
      assertThat(b.get(BrokerMetric.CPU_UTILISATION).value()).isBetween(0.0, 1.5);
      assertThat(b.get(BrokerMetric.PRODUCERS).value()).isGreaterThanOrEqualTo(2);

      NodeSnapshot<BookieMetric> k = s.bookies().get(0);
      assertThat(k.get(BookieMetric.ADD_ENTRY_RATE).value()).isPositive();
      assertThat(k.get(BookieMetric.WRITE_BYTES_RATE).value()).isPositive();
      assertThat(s.messageSizes().meanBytes().value()).isBetween(2048.0, 2048.0 + 512);
      assertThat(s.settings().value("managedLedgerCacheSizeMB")).isPresent();
      assertThat(s.window()).isGreaterThanOrEqualTo(Duration.ofSeconds(8));

      FeatureVector v = FeatureSchema.v1().vectorize(s);
      assertThat(v.isPresent(FeatureSchema.v1().indexOf("msg_rate_in"))).isTrue();
      LiveReadings.assertComplete(s);
      // Features built only from readings that must be present are present.
      for (String always :
          List.of(
              "msg_rate_in",
              "bytes_rate_in",
              "publish_latency_p99",
              "broker_cpu_max",
              "bookie_cpu_max",
              "brokers",
              "bookies",
              "msg_size_mean")) {
        assertThat(v.isPresent(FeatureSchema.v1().indexOf(always))).as(always).isTrue();
      }
    }
  }
}
