package io.tuneloop.operator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.query.PromQlSelectors;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTelemetryTest {
  private final ClusterPlan.PrometheusQuery prometheus =
      new ClusterPlan.PrometheusQuery(URI.create("http://prom:9090"), "pod", "namespace");

  @Test
  void kubernetesSelectorsBecomeSanitisedEscapedMatchers() {
    String m =
        PrometheusTelemetry.matchers(
            Map.of("app.kubernetes.io/component", "broker", "release", "say \"hi\""),
            prometheus,
            "pulsar");
    assertThat(m)
        .isEqualTo(
            "app_kubernetes_io_component=\"broker\",namespace=\"pulsar\","
                + "release=\"say \\\"hi\\\"\"");
    // The result is a matcher list the PromQL source accepts.
    new PromQlSelectors(m, m, "pod", Duration.ofSeconds(60), Map.of());
  }

  @Test
  void labelsStartingWithADigitGetAnUnderscore() {
    assertThat(PrometheusTelemetry.promLabel("9lives")).isEqualTo("_9lives");
  }
}
