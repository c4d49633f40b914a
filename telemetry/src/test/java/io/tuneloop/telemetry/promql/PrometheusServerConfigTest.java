package io.tuneloop.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.promql.PrometheusServer.ScrapeTarget;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusServerConfigTest {

  @Test
  void configScrapesEachTargetAtTheInterval() {
    String yml =
        PrometheusServer.config(
            List.of(
                new ScrapeTarget("pulsar-broker", URI.create("http://127.0.0.1:8080/metrics/")),
                new ScrapeTarget("bookie", URI.create("http://127.0.0.1:8000"))),
            Duration.ofSeconds(1));
    assertThat(yml)
        .isEqualTo(
            """
            global:
              scrape_interval: 1000ms
              scrape_timeout: 1000ms
              evaluation_interval: 1000ms
            scrape_configs:
              - job_name: 'pulsar-broker'
                scheme: http
                metrics_path: '/metrics/'
                static_configs:
                  - targets: ['127.0.0.1:8080']
              - job_name: 'bookie'
                scheme: http
                metrics_path: '/metrics'
                static_configs:
                  - targets: ['127.0.0.1:8000']
            """);
  }

  @Test
  void targetsNeedAPlainJobNameAndAnExplicitPort() {
    assertThatThrownBy(() -> new ScrapeTarget("a b", URI.create("http://h:1/")))
        .hasMessage("job name \"a b\" is not a plain identifier");
    assertThatThrownBy(() -> new ScrapeTarget("a", URI.create("http://h/metrics")))
        .hasMessage("scrape URL http://h/metrics needs an explicit host and port");
  }
}
