package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each JSON file in the chart's {@code dashboards/} folder becomes one ConfigMap labelled for the
 * Grafana sidecar, holding that file's JSON; anything else in the folder is left out.
 */
class DashboardConfigMapsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDashboardInTheChartBecomesALabelledConfigMap() throws IOException {
    assertDashboards(TuneloopChart.checkedIn(), "grafana_dashboard", "1", TuneloopChart.NAMESPACE);
  }

  @Test
  void aDashboardAddedToTheFolderIsShippedWithTheConfiguredLabelAndNamespace() throws IOException {
    TuneloopChart copy = ChartCopy.of("extra-dashboard");
    Files.writeString(
        copy.dir().resolve("dashboards/Sample_Board.json"),
        "{\"title\": \"Sample\", \"schemaVersion\": 39, \"panels\": [{\"id\": 1, \"type\": \"timeseries\"}],"
            + " \"text\": \"line one\\nline two: {{ not a template }}\"}\n");
    Files.writeString(copy.dir().resolve("dashboards/notes.txt"), "not a dashboard\n");
    assertDashboards(copy, "grafana_dashboard", "1", TuneloopChart.NAMESPACE);
    RenderedChart custom =
        copy.render(
            Map.of(
                "dashboards.namespace", "monitoring",
                "dashboards.label", "example.com/dashboard",
                "dashboards.labelValue", "tuneloop"));
    JsonNode cm = custom.one("ConfigMap", "tl-tuneloop-dashboard-sample-board");
    assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    assertThat(cm.path("metadata").path("labels").path("example.com/dashboard").asText())
        .isEqualTo("tuneloop");
    assertThat(copy.render(Map.of("dashboards.enabled", false)).ofKind("ConfigMap")).isEmpty();
  }

  private static void assertDashboards(
      TuneloopChart chart, String label, String labelValue, String namespace) throws IOException {
    RenderedChart r = chart.render();
    new StrictManifests().readAll(r.documents());
    List<Path> files;
    try (Stream<Path> s = Files.list(chart.dir().resolve("dashboards"))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<JsonNode> maps =
        r.ofKind("ConfigMap").stream()
            .filter(c -> labelValue.equals(c.path("metadata").path("labels").path(label).asText()))
            .toList();
    assertThat(maps).as("dashboard ConfigMaps for %s", files).hasSameSizeAs(files);
    for (Path f : files) {
      String name = f.getFileName().toString();
      JsonNode cm =
          maps.stream()
              .filter(c -> c.path("data").has(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no ConfigMap holds " + name));
      assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo(namespace);
      assertThat(cm.path("data")).hasSize(1);
      assertThat(JSON.readTree(cm.path("data").path(name).asText()))
          .as("%s as shipped", name)
          .isEqualTo(JSON.readTree(f.toFile()));
    }
  }
}
