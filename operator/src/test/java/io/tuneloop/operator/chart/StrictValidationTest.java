package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The strict check really fails on a misspelt field, where Fabric8's own reader would not. */
class StrictValidationTest {
  private final StrictManifests strict = new StrictManifests();

  @Test
  void aMisspeltFieldInATemplateFailsTheRenderedChart() throws IOException {
    TuneloopChart broken = ChartCopy.of("misspelt-field");
    Path template = broken.dir().resolve("templates/operator-deployment.yaml");
    String yaml = Files.readString(template);
    assertThat(yaml).contains("readinessProbe:");
    Files.writeString(template, yaml.replace("readinessProbe:", "readynessProbe:"));

    RenderedChart r = broken.render();
    Throwable t = catchThrowable(() -> strict.readAll(r.documents()));
    assertThat(t)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apps/v1/Deployment tl-tuneloop-operator")
        .hasMessageContaining("readynessProbe");
  }

  @Test
  void fabric8sOwnReaderWouldHaveSwallowedTheMisspeltField() {
    Deployment lenient =
        new KubernetesSerialization()
            .unmarshal(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replica\":2}}",
                Deployment.class);
    assertThat(lenient.getSpec().getAdditionalProperties()).containsKey("replica");
  }

  @Test
  void misspeltNestedFieldsAndWrongTypesFail() {
    assertThat(failure("apps/v1", "Deployment", "{\"spec\":{\"replica\":2}}"))
        .hasMessageContaining("replica");
    assertThat(
            failure(
                "apps/v1",
                "Deployment",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"imagePullPolicyy\":\"Always\"}]}}}}"))
        .hasMessageContaining("imagePullPolicyy");
    assertThat(
            failure(
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                "{\"rules\":[{\"apiGroup\":[\"apps\"],\"resources\":[\"statefulsets\"],\"verbs\":[\"get\"]}]}"))
        .hasMessageContaining("apiGroup");
    assertThat(failure("apps/v1", "Deployment", "{\"spec\":{\"replicas\":\"two\"}}"))
        .hasMessageContaining("replicas");
    assertThat(
            failure(
                "v1", "ConfigMap", "{\"metadata\":{\"name\":\"a\",\"labels\":{}},\"dataa\":{}}"))
        .hasMessageContaining("dataa");
  }

  @Test
  void aServiceMonitorWithAnUnknownFieldFails() {
    assertThat(
            failure(
                "monitoring.coreos.com/v1",
                "ServiceMonitor",
                "{\"spec\":{\"selector\":{},\"endpoints\":[{\"port\":\"metrics\",\"intervall\":\"30s\"}]}}"))
        .hasMessageContaining("intervall");
    assertThat(
            failure("monitoring.coreos.com/v1", "ServiceMonitor", "{\"spec\":{\"selector\":{}}}"))
        .hasMessageContaining("endpoints");
  }

  @Test
  void anUnmodelledKindFails() {
    assertThat(failure("batch/v1", "CronJob", "{}")).hasMessageContaining("has no strict model");
  }

  private Throwable failure(String apiVersion, String kind, String body) {
    JsonNode manifest = manifest(apiVersion, kind, body);
    Throwable t = catchThrowable(() -> strict.read(manifest));
    assertThat(t).as("%s %s accepted", kind, body).isInstanceOf(IllegalArgumentException.class);
    return t;
  }

  private static JsonNode manifest(String apiVersion, String kind, String body) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(body);
      node.put("apiVersion", apiVersion);
      node.put("kind", kind);
      if (!node.has("metadata")) {
        node.putObject("metadata").put("name", "bad");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("test manifest " + body + " is not JSON", e);
    }
  }
}
