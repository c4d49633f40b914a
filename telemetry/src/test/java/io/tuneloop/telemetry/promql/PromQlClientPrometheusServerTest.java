package io.tuneloop.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tuneloop.fixture.PrometheusServer;
import io.tuneloop.fixture.PrometheusServer.ScrapeTarget;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PromQlClient} against Debian's real Prometheus server scraping the fixture's real Pulsar
 * broker and bookie. Skipped only when the prometheus binary is missing and CI is not "true".
 */
@EnabledIf(
    value = "prometheusPresentOrCi",
    disabledReason = "no prometheus binary (apt-get install -y prometheus) and CI is not true")
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PromQlClientPrometheusServerTest {

  /** Decided before the broker starts: skip without the binary, unless under CI. */
  static boolean prometheusPresentOrCi() {
    return PrometheusServer.findBinary().isPresent() || "true".equals(System.getenv("CI"));
  }

  private static Path binary;
  private static PrometheusServer prometheus;
  private static PromQlClient client;

  @BeforeAll
  static void startPrometheus(StandaloneBroker broker) throws Exception {
    binary = PrometheusServer.binaryOrSkip();
    prometheus =
        PrometheusServer.start(
            binary,
            List.of(
                new ScrapeTarget("pulsar-broker", URI.create(broker.brokerMetricsUrl())),
                new ScrapeTarget("bookie", URI.create(broker.bookieMetricsUrl()))),
            Duration.ofSeconds(1));
    prometheus.awaitScraped("pulsar-broker", Duration.ofSeconds(90));
    prometheus.awaitScraped("bookie", Duration.ofSeconds(90));
    client =
        PromQlClient.builder(prometheus.baseUri()).requestTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
      assertThat(prometheus.isRunning()).isFalse();
    }
  }

  @Test
  void instantQueryOfUpShowsBothTargets() {
    QueryResult.Vector up = client.queryVector("up");
    assertThat(up.samples())
        .extracting(s -> s.labels().getOrNull("job"))
        .contains("pulsar-broker", "bookie");
    assertThat(up.samples()).allSatisfy(s -> assertThat(s.value()).isEqualTo(1));
    assertThat(up.samples().get(0).point().time()).isBefore(Instant.now().plusSeconds(5));
  }

  @Test
  void instantQueryReturnsRealPulsarSeries() {
    QueryResult.Vector pulsar =
        client.queryVector("{__name__=~\"pulsar_.+\", job=\"pulsar-broker\"}");
    assertThat(pulsar.samples()).hasSizeGreaterThan(20);
    assertThat(pulsar.samples())
        .allSatisfy(
            s -> {
              assertThat(s.labels().getOrNull("__name__")).startsWith("pulsar_");
              assertThat(s.labels().getOrNull("cluster")).isEqualTo("standalone");
            });
    QueryResult.Vector journal =
        client.queryVector("bookie_journal_JOURNAL_ADD_ENTRY_count{job=\"bookie\"}");
    assertThat(journal.samples()).isNotEmpty();
    QueryResult.Scalar targets = client.queryScalar("scalar(count(up))");
    assertThat(targets.point().value()).isEqualTo(2);
  }

  @Test
  void rangeQueryReturnsAMatrixOfScrapes() throws InterruptedException {
    // Let a few more 1 s scrapes land so the range has several points.
    Thread.sleep(3000);
    Instant end = client.queryVector("up").samples().get(0).point().time();
    QueryResult.Matrix m =
        client.queryRange(
            "up{job=\"pulsar-broker\"}", end.minusSeconds(5), end, Duration.ofSeconds(1));
    assertThat(m.series()).hasSize(1);
    RangeSeries series = m.series().get(0);
    assertThat(series.labels().getOrNull("job")).isEqualTo("pulsar-broker");
    assertThat(series.points()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(series.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(1));
    QueryResult.Matrix rate =
        client.queryRange(
            "rate(process_cpu_seconds_total{job=\"pulsar-broker\"}[5s])",
            end.minusSeconds(3),
            end,
            Duration.ofSeconds(1));
    assertThat(rate.series()).isNotEmpty();
  }

  @Test
  void realServerErrorsAreReportedWithTheirType() {
    PromQlException parse =
        catchThrowableOfType(() -> client.queryVector("sum(up"), PromQlException.class);
    assertThat(parse.kind()).isEqualTo(PromQlException.Kind.SERVER_ERROR);
    assertThat(parse.httpStatus()).hasValue(400);
    assertThat(parse.errorType()).hasValue("bad_data");
    assertThat(parse.getMessage()).contains("sum(up").contains(prometheus.baseUri().toString());

    PromQlException type =
        catchThrowableOfType(() -> client.queryVector("up[10s]"), PromQlException.class);
    assertThat(type.kind()).isEqualTo(PromQlException.Kind.UNEXPECTED_RESULT_TYPE);
  }
}
