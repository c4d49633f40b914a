package io.tuneloop.operator.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Grafana dashboard JSON file as the tests read it: its panels (those nested in collapsed rows
 * included), its template variables and the PromQL of every panel target.
 */
record GrafanaDashboard(String file, JsonNode json) {
  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?)\\s*,\\s*"
              + "([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*");

  /** Where the chart keeps its dashboards, from the operator module's directory. */
  static Path chartDashboards() {
    Path dir = Path.of(System.getProperty("user.dir")).resolve("../charts/tuneloop/dashboards");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no dashboards directory at " + dir.normalize());
    }
    return dir.normalize();
  }

  /** Every {@code *.json} file in {@code dir}, by file name. */
  static List<GrafanaDashboard> loadAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<GrafanaDashboard> all = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        all.add(parse(p.getFileName().toString(), Files.readString(p)));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboards in " + dir, e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the file when the text is not a JSON object
   */
  static GrafanaDashboard parse(String file, String text) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object");
    }
    return new GrafanaDashboard(file, json);
  }

  String title() {
    return json.path("title").asText("");
  }

  /** Top-level panels followed by the panels of each collapsed row. */
  List<JsonNode> panels() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode p : json.path("panels")) {
      all.add(p);
      for (JsonNode nested : p.path("panels")) {
        all.add(nested);
      }
    }
    return all;
  }

  List<JsonNode> variables() {
    List<JsonNode> all = new ArrayList<>();
    json.path("templating").path("list").forEach(all::add);
    return all;
  }

  Optional<JsonNode> variable(String name) {
    return variables().stream().filter(v -> name.equals(v.path("name").asText())).findFirst();
  }

  /** The PromQL of every target of every panel, in panel order. */
  List<PanelQuery> queries() {
    List<PanelQuery> all = new ArrayList<>();
    for (JsonNode p : panels()) {
      for (JsonNode t : p.path("targets")) {
        all.add(
            new PanelQuery(
                file,
                p.path("id").asInt(),
                p.path("title").asText(),
                t.path("refId").asText(),
                t.path("expr").asText(""),
                t.path("instant").asBoolean(false) && !t.path("range").asBoolean(false),
                Optional.ofNullable(t.get("interval"))
                    .map(JsonNode::asText)
                    .filter(s -> !s.isBlank())));
      }
    }
    return all;
  }

  /**
   * The metric and label of a {@code label_values(metric, label)} variable query, if the variable
   * is one.
   */
  static Optional<LabelValues> labelValues(JsonNode variable) {
    String q = variable.path("definition").asText("");
    if (q.isBlank()) {
      JsonNode query = variable.path("query");
      q = query.isTextual() ? query.asText() : query.path("query").asText("");
    }
    Matcher m = LABEL_VALUES.matcher(q);
    return m.matches() ? Optional.of(new LabelValues(m.group(1), m.group(2))) : Optional.empty();
  }

  /** A {@code label_values(selector, label)} variable query. */
  record LabelValues(String selector, String label) {
    /** The PromQL that lists the label's values, one series per value. */
    String promql() {
      return "group by (" + label + ") (" + selector + ")";
    }
  }
}
