package io.tuneloop.operator.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Grafana needs of a provisioned dashboard and what Tuneloop's dashboards promise: a schema
 * version, unique panel ids on a 24-column grid without overlaps, a {@code datasource} variable of
 * type prometheus used by every query, a {@code cluster} variable over a {@code tuneloop_*} metric,
 * a unit on every data panel, and no reference to an undefined variable.
 */
final class DashboardLint {
  /** Grafana 9.4 wrote 37; 10.x writes up to 39; 11.x up to 41. */
  static final int MIN_SCHEMA = 36;

  static final int MAX_SCHEMA = 41;
  static final String DATASOURCE_REF = "${datasource}";

  /** Variables Grafana itself defines for Prometheus queries. */
  static final Set<String> BUILT_INS =
      Set.of("__interval", "__interval_ms", "__rate_interval", "__range", "__range_s");

  private static final Set<String> WITHOUT_QUERIES = Set.of("row", "text");

  /** Every problem found, each naming the file and the panel or variable; empty when valid. */
  List<String> problems(GrafanaDashboard d) {
    List<String> out = new ArrayList<>();
    String f = d.file();
    JsonNode schema = d.json().path("schemaVersion");
    if (!schema.isInt() || schema.asInt() < MIN_SCHEMA || schema.asInt() > MAX_SCHEMA) {
      out.add(
          f
              + ": schemaVersion "
              + schema
              + " is not an integer in ["
              + MIN_SCHEMA
              + ", "
              + MAX_SCHEMA
              + "]");
    }
    for (String field : List.of("title", "uid")) {
      if (d.json().path(field).asText("").isBlank()) {
        out.add(f + ": no " + field);
      }
    }
    if (d.json().path("uid").asText("").length() > 40) {
      out.add(f + ": uid " + d.json().path("uid").asText() + " is longer than 40 characters");
    }
    checkVariables(d, out);
    checkPanels(d, out);
    return out;
  }

  private void checkVariables(GrafanaDashboard d, List<String> out) {
    String f = d.file();
    JsonNode ds = d.variable("datasource").orElse(null);
    if (ds == null
        || !"datasource".equals(ds.path("type").asText())
        || !"prometheus".equals(ds.path("query").asText())) {
      out.add(f + ": no variable \"datasource\" of type datasource with query prometheus");
    }
    JsonNode cluster = d.variable("cluster").orElse(null);
    if (cluster == null
        || GrafanaDashboard.labelValues(cluster)
            .filter(lv -> lv.selector().startsWith("tuneloop_") && lv.label().equals("cluster"))
            .isEmpty()) {
      out.add(f + ": no variable \"cluster\" with query label_values(tuneloop_..., cluster)");
    }
    for (JsonNode v : d.variables()) {
      String name = v.path("name").asText();
      if ("query".equals(v.path("type").asText())) {
        if (!DATASOURCE_REF.equals(v.path("datasource").path("uid").asText())) {
          out.add(f + ": variable " + name + " does not query the datasource variable");
        }
        if (GrafanaDashboard.labelValues(v).isEmpty()) {
          out.add(f + ": variable " + name + " is not a label_values(metric, label) query");
        }
      }
    }
  }

  private void checkPanels(GrafanaDashboard d, List<String> out) {
    String f = d.file();
    Set<String> defined = new HashSet<>(BUILT_INS);
    d.variables().forEach(v -> defined.add(v.path("name").asText()));
    Map<Integer, String> ids = new HashMap<>();
    List<JsonNode> placed = new ArrayList<>();
    // Panels inside a collapsed row take their place only when it opens: no overlap check.
    Set<JsonNode> topLevel = Collections.newSetFromMap(new IdentityHashMap<>());
    d.json().path("panels").forEach(topLevel::add);
    for (JsonNode p : d.panels()) {
      String type = p.path("type").asText("");
      String where = f + " panel \"" + p.path("title").asText() + "\"";
      if (!p.path("id").isInt()) {
        out.add(where + ": no integer id");
      } else {
        String earlier = ids.put(p.path("id").asInt(), p.path("title").asText());
        if (earlier != null) {
          out.add(where + ": id " + p.path("id").asInt() + " is also panel \"" + earlier + "\"");
        }
      }
      if (type.isBlank()) {
        out.add(where + ": no type");
      }
      JsonNode g = p.path("gridPos");
      if (!(g.path("h").isInt()
          && g.path("w").isInt()
          && g.path("x").isInt()
          && g.path("y").isInt())) {
        out.add(where + ": gridPos needs integer h, w, x and y, got " + g);
      } else if (g.path("w").asInt() < 1
          || g.path("h").asInt() < 1
          || g.path("x").asInt() < 0
          || g.path("y").asInt() < 0
          || g.path("x").asInt() + g.path("w").asInt() > 24) {
        out.add(where + ": gridPos " + g + " is outside the 24-column grid");
      } else if (topLevel.contains(p)) {
        for (JsonNode other : placed) {
          if (overlap(g, other.path("gridPos"))) {
            out.add(where + ": overlaps panel \"" + other.path("title").asText() + "\"");
          }
        }
        placed.add(p);
      }
      if (WITHOUT_QUERIES.contains(type)) {
        if (!p.path("targets").isEmpty()) {
          out.add(where + ": a " + type + " has targets");
        }
        continue;
      }
      checkQueries(p, where, defined, out);
    }
  }

  private void checkQueries(JsonNode p, String where, Set<String> defined, List<String> out) {
    if (!DATASOURCE_REF.equals(p.path("datasource").path("uid").asText())
        || !"prometheus".equals(p.path("datasource").path("type").asText())) {
      out.add(where + ": datasource is not the prometheus " + DATASOURCE_REF + " variable");
    }
    if (p.path("fieldConfig").path("defaults").path("unit").asText("").isBlank()) {
      out.add(where + ": no unit in fieldConfig.defaults");
    }
    if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
      out.add(where + ": no targets");
      return;
    }
    Set<String> refIds = new HashSet<>();
    for (JsonNode t : p.path("targets")) {
      String ref = t.path("refId").asText("");
      if (ref.isBlank() || !refIds.add(ref)) {
        out.add(where + ": target refId \"" + ref + "\" is blank or repeated");
      }
      if (!DATASOURCE_REF.equals(t.path("datasource").path("uid").asText())) {
        out.add(where + " target " + ref + ": datasource is not " + DATASOURCE_REF);
      }
      if (t.path("expr").asText("").isBlank()) {
        out.add(where + " target " + ref + ": no expr");
      }
    }
    for (JsonNode t : p.path("targets")) {
      PanelQuery q =
          new PanelQuery(
              "",
              0,
              "",
              t.path("refId").asText(),
              t.path("expr").asText(""),
              false,
              Optional.empty());
      for (String v : q.variables()) {
        if (!defined.contains(v)) {
          out.add(where + " target " + q.refId() + ": $" + v + " is not a defined variable");
        }
      }
    }
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
