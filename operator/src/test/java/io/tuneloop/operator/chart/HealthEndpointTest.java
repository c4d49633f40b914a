package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The chart's probes ask the operator's metrics server for {@code /-/healthy}: the Prometheus
 * client's HTTPServer, built as the operator builds it, answers that path.
 */
class HealthEndpointTest {
  @Test
  void theMetricsServerAnswersTheProbePath() throws Exception {
    JsonNode container =
        TuneloopChart.checkedIn()
            .render()
            .one("Deployment", "tl-tuneloop-operator")
            .at("/spec/template/spec/containers/0");
    String liveness = container.at("/livenessProbe/httpGet/path").asText();
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(liveness);
    try (HTTPServer server =
        HTTPServer.builder().port(0).registry(new PrometheusRegistry()).buildAndStart()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.getPort() + liveness))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("Exporter is healthy");
    }
  }
}
