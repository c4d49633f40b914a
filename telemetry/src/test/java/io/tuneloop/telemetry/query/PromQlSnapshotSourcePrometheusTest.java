package io.tuneloop.telemetry.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.fixture.PrometheusServer;
import io.tuneloop.fixture.PrometheusServer.ScrapeTarget;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.telemetry.promql.PromQlClient;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.LiveReadings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshots through Debian's real Prometheus scraping the real fixture broker and bookie under
 * load. Skipped only when the prometheus binary is missing and CI is not "true".
 */
@EnabledIf(
    value = "prometheusPresentOrCi",
    disabledReason = "no prometheus binary (apt-get install -y prometheus) and CI is not true")
@ExtendWith(PulsarBrokerExtension.class)
class PromQlSnapshotSourcePrometheusTest {

  static boolean prometheusPresentOrCi() {
    return PrometheusServer.findBinary().isPresent() || "true".equals(System.getenv("CI"));
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void snapshotFromPrometheusUnderLoad(StandaloneBroker broker) throws Exception {
    LoadSpec spec =
        LoadSpec.builder(300)
            .sizes(MessageSizes.fixed(512))
            .topics(2)
            .producers(2)
            .consumers(2)
            .duration(Duration.ofSeconds(120))
            .topicPrefix("persistent://public/default/promql-snapshot-" + UUID.randomUUID() + "-")
            .build();
    try (PrometheusServer prometheus =
            PrometheusServer.start(
                PrometheusServer.binaryOrSkip(),
                List.of(
                    new ScrapeTarget("pulsar-broker", URI.create(broker.brokerMetricsUrl())),
                    new ScrapeTarget("bookie", URI.create(broker.bookieMetricsUrl()))),
                Duration.ofSeconds(1));
        LoadGenerator load = new LoadGenerator(broker.serviceUrl(), spec)) {
      prometheus.awaitScraped("pulsar-broker", Duration.ofSeconds(90));
      prometheus.awaitScraped("bookie", Duration.ofSeconds(90));
      var running = load.start();
      PromQlClient client =
          PromQlClient.builder(prometheus.baseUri()).requestTimeout(Duration.ofSeconds(10)).build();
      // The broker publishes rates once per stats interval, and a busy machine delays the first
      // one: wait (bounded) until Prometheus has scraped a non-zero rate.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (client
          .queryVector("pulsar_broker_rate_in{job=\"pulsar-broker\"} > 0")
          .samples()
          .isEmpty()) {
        assertThat(System.nanoTime())
            .as("non-zero pulsar_broker_rate_in within 90 s")
            .isLessThan(deadline);
        Thread.sleep(500);
      }
      Thread.sleep(3_000); // a few more scrapes so rate() over the bookie counters has points
      double cores = Runtime.getRuntime().availableProcessors();
      PromQlSnapshotSource source =
          new PromQlSnapshotSource(
              "fixture",
              client::queryVector,
              new PromQlSelectors(
                  "job=\"pulsar-broker\"",
                  "job=\"bookie\"",
                  "instance",
                  Duration.ofSeconds(10),
                  // Prometheus names each static target's instance host:port; both processes
                  // (one child JVM) may use every core of this machine.
                  Map.of(
                      instance(broker.brokerMetricsUrl()), cores,
                      instance(broker.bookieMetricsUrl()), cores)),
              () -> new ClusterSettings(1, 1, Map.of()),
              Clock.systemUTC(),
              Duration.ofSeconds(30));
      ClusterSnapshot s = source.observe();
      load.stop();
      running.get(2, TimeUnit.MINUTES);

      assertThat(s.brokers()).hasSize(1);
      assertThat(s.bookies()).hasSize(1);
      var b = s.brokers().get(0);
      assertThat(b.get(BrokerMetric.MSG_RATE_IN).value()).isBetween(30.0, 1500.0);
      assertThat(b.get(BrokerMetric.PUBLISH_LATENCY_P50).value()).isPositive();
      assertThat(b.get(BrokerMetric.HEAP_MAX).value()).isPositive();
      assertThat(s.bookies().get(0).get(BookieMetric.WRITE_BYTES_RATE).value()).isPositive();
      assertThat(s.bookies().get(0).get(BookieMetric.ADD_ENTRY_RATE).value()).isPositive();
      assertThat(s.messageSizes().meanBytes().value()).isBetween(512.0, 1024.0);
      LiveReadings.assertComplete(s);
    }
  }

  private static String instance(String url) {
    URI u = URI.create(url);
    return u.getHost() + ":" + u.getPort();
  }
}
