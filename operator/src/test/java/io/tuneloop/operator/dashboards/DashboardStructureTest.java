package io.tuneloop.operator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chart's dashboards are valid Grafana dashboards; the checks catch what they claim to. */
class DashboardStructureTest {
  private final DashboardLint lint = new DashboardLint();

  @Test
  void theChartShipsBothDashboardsAndEachIsValid() {
    List<GrafanaDashboard> boards = GrafanaDashboard.loadAll(GrafanaDashboard.chartDashboards());
    assertThat(boards)
        .extracting(GrafanaDashboard::title)
        .containsExactly("Tuneloop — cluster", "Tuneloop — decisions");
    for (GrafanaDashboard d : boards) {
      assertThat(lint.problems(d)).as(d.file()).isEmpty();
      assertThat(d.queries()).as(d.file()).hasSizeGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void eachDashboardShowsWhatIssueSevenAsksFor() {
    Map<String, GrafanaDashboard> byTitle =
        GrafanaDashboard.loadAll(GrafanaDashboard.chartDashboards()).stream()
            .collect(java.util.stream.Collectors.toMap(GrafanaDashboard::title, d -> d));
    assertThat(metrics(byTitle.get("Tuneloop — decisions")))
        .contains(
            "tuneloop_decisions_total",
            "tuneloop_predicted_p99_publish_latency_seconds",
            "tuneloop_observed_p99_publish_latency_seconds",
            "tuneloop_rollbacks_total",
            "tuneloop_progress_deadline_exceeded_total",
            "tuneloop_mode_info",
            "tuneloop_model_p99_error_seconds");
    assertThat(metrics(byTitle.get("Tuneloop — cluster")))
        .contains(
            "tuneloop_load_messages_per_second",
            "tuneloop_load_bytes_per_second",
            "tuneloop_replicas",
            "tuneloop_setting_value",
            "tuneloop_observed_p99_publish_latency_seconds",
            "tuneloop_slo_p99_publish_latency_seconds",
            "tuneloop_pod_seconds_total");
  }

  @Test
  void lintNamesEveryProblemOfABrokenDashboard() {
    GrafanaDashboard broken =
        GrafanaDashboard.parse(
            "broken.json",
            """
            {"title": "t", "uid": "u", "schemaVersion": 12,
             "templating": {"list": [
               {"name": "cluster", "type": "query", "definition": "label_values(up, job)",
                "datasource": {"uid": "prom-1"}}]},
             "panels": [
               {"id": 1, "type": "timeseries", "title": "a",
                "gridPos": {"h": 4, "w": 12, "x": 0, "y": 0},
                "datasource": {"type": "prometheus", "uid": "prom-1"},
                "targets": [{"refId": "A", "expr": "up{job=\\"$job\\"}",
                             "datasource": {"uid": "prom-1"}}]},
               {"id": 1, "type": "stat", "title": "b",
                "gridPos": {"h": 4, "w": 20, "x": 6, "y": 0},
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "fieldConfig": {"defaults": {"unit": "s"}}, "targets": []},
               {"id": 3, "type": "row", "title": "r", "gridPos": {"h": 1, "w": 24, "x": 0, "y": 9},
                "targets": [{"refId": "A", "expr": "up"}]}]}
            """);
    assertThat(lint.problems(broken))
        .containsExactlyInAnyOrder(
            "broken.json: schemaVersion 12 is not an integer in [36, 41]",
            "broken.json: no variable \"datasource\" of type datasource with query prometheus",
            "broken.json: no variable \"cluster\" with query label_values(tuneloop_..., cluster)",
            "broken.json: variable cluster does not query the datasource variable",
            "broken.json panel \"a\": datasource is not the prometheus ${datasource} variable",
            "broken.json panel \"a\": no unit in fieldConfig.defaults",
            "broken.json panel \"a\" target A: datasource is not ${datasource}",
            "broken.json panel \"a\" target A: $job is not a defined variable",
            "broken.json panel \"b\": id 1 is also panel \"a\"",
            "broken.json panel \"b\": gridPos {\"h\":4,\"w\":20,\"x\":6,\"y\":0} is outside the"
                + " 24-column grid",
            "broken.json panel \"b\": no targets",
            "broken.json panel \"r\": a row has targets");
  }

  @Test
  void notJsonIsRejectedWithTheFileName() {
    assertThatThrownBy(() -> GrafanaDashboard.parse("x.json", "{\"panels\": ["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("x.json is not valid JSON");
    assertThatThrownBy(() -> GrafanaDashboard.parse("y.json", "[]"))
        .hasMessage("y.json is not a JSON object");
  }

  @Test
  void variablesAreExpandedInEveryGrafanaSpellingAndAMissingOneIsNamed() {
    PanelQuery q =
        new PanelQuery(
            "d.json",
            7,
            "p",
            "B",
            "rate(x{cluster=~\"$cluster\",c=\"${cluster:regex}\",d=\"[[cluster]]\"}"
                + "[$__rate_interval])",
            false,
            Optional.empty());
    assertThat(q.variables()).containsExactly("__rate_interval", "cluster");
    assertThat(q.expand(Map.of("cluster", "a", "__rate_interval", "20s")))
        .isEqualTo("rate(x{cluster=~\"a\",c=\"a\",d=\"a\"}[20s])");
    assertThatThrownBy(() -> q.expand(Map.of("cluster", "a")))
        .hasMessage(
            "d.json panel 7 \"p\" target B uses $__rate_interval, which has no value (known:"
                + " [cluster])");
  }

  private static List<String> metrics(GrafanaDashboard d) {
    return d.queries().stream()
        .flatMap(q -> java.util.Arrays.stream(q.expr().split("[^a-zA-Z0-9_:]+")))
        .filter(w -> w.startsWith("tuneloop_"))
        .distinct()
        .toList();
  }
}
