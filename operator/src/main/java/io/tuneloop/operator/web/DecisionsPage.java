package io.tuneloop.operator.web;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions page: for each cluster a chart of p99 and replicas with the decisions marked, then
 * every decision, newest first, with its reason, runner-ups, prediction and observed outcome.
 * Server-rendered HTML without script; every value from a resource is escaped, since decisions are
 * resources anyone with write access to them can edit.
 */
public final class DecisionsPage {
  private static final java.time.format.DateTimeFormatter SHORT_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
          .withZone(java.time.ZoneOffset.UTC);
  private final DecisionsChart chart = new DecisionsChart();

  public String render(List<ClusterView> clusters, Instant now) {
    StringBuilder html = new StringBuilder();
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Tuneloop decisions</title>
        <style>
        body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 24px 24px;color:#222}
        header{display:flex;align-items:baseline;gap:16px;border-bottom:2px solid #1f5fbf}
        h1{font-size:22px;margin:14px 0 8px}
        h2{font-size:18px;margin:26px 0 6px}
        .meta{color:#666;font-size:13px}
        .chart{width:100%;max-width:1120px;height:auto;display:block}
        .chart text{font-size:11px;fill:#444}
        .chart .axis{font-size:12px;fill:#222}
        .chart .marker{font-size:10px;fill:#fff;font-weight:bold}
        table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px;table-layout:fixed}
        td{overflow-wrap:anywhere}
        col.n{width:3%}col.t{width:10%}col.a{width:15%}col.p{width:16%}col.r{width:32%}col.v{width:12%}
        th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f1f4f9;font-weight:600}
        td.num{font-variant-numeric:tabular-nums}
        td.vals{font-variant-numeric:tabular-nums}
        .scroll{overflow-x:auto}
        .phase{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:12px}
        ul.runners{margin:4px 0 0 16px;padding:0;color:#555}
        .counts span{margin-right:12px}
        .empty{color:#666;font-style:italic}
        .msg{color:#555}
        </style>
        </head>
        <body>
        """);
    html.append("<header><h1>Tuneloop decisions</h1><span class=\"meta\">")
        .append(clusters.size())
        .append(clusters.size() == 1 ? " cluster" : " clusters")
        .append(", generated ")
        .append(escapeHtml4(now.toString()))
        .append(" &middot; <a href=\"decisions.json\">JSON</a></span></header>\n");
    if (clusters.isEmpty()) {
      html.append(
          "<p class=\"empty\" id=\"no-decisions\">No decisions yet. Tuneloop records one whenever"
              + " a pass of its loop chooses a change (or recommends one); none has so far.</p>\n");
    }
    for (ClusterView c : clusters) {
      cluster(html, c);
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private void cluster(StringBuilder html, ClusterView c) {
    html.append("<section class=\"cluster\">\n<h2>")
        .append(escapeHtml4(c.id()))
        .append("</h2>\n<p class=\"counts meta\">");
    Map<String, Integer> byPhase = new TreeMap<>();
    c.decisions().forEach(d -> byPhase.merge(DecisionsChart.phase(d), 1, Integer::sum));
    html.append("<span>")
        .append(c.decisions().size())
        .append(c.decisions().size() == 1 ? " decision" : " decisions")
        .append("</span>");
    byPhase.forEach(
        (phase, n) ->
            html.append("<span>")
                .append(escapeHtml4(phase))
                .append(": ")
                .append(n)
                .append("</span>"));
    html.append("<span>").append(c.history().size()).append(" observations</span></p>\n");
    html.append(chart.render(c));
    if (c.decisions().isEmpty()) {
      html.append("<p class=\"empty\">No decisions for this cluster yet.</p>\n</section>\n");
      return;
    }
    html.append(
        "<div class=\"scroll\"><table class=\"decisions\">\n<colgroup><col class=\"n\"><col class=\"t\">"
            + "<col class=\"a\"><col class=\"p\"><col class=\"r\"><col class=\"v\"><col class=\"v\">"
            + "</colgroup>\n<thead><tr><th>#</th><th>planned (UTC)</th>"
            + "<th>action</th><th>phase</th><th>reason and runner-ups</th>"
            + "<th>predicted</th><th>observed</th></tr></thead>\n<tbody>\n");
    List<TuningDecision> ds = c.decisions();
    for (int i = ds.size() - 1; i >= 0; i--) {
      row(html, i + 1, ds.get(i));
    }
    html.append("</tbody></table></div>\n</section>\n");
  }

  private static void row(StringBuilder html, int number, TuningDecision d) {
    TuningDecisionSpec spec = d.getSpec();
    TuningDecisionStatus st = d.getStatus();
    String phase = DecisionsChart.phase(d);
    String name = d.getMetadata() == null ? null : d.getMetadata().getName();
    html.append("<tr class=\"decision\"")
        .append(name == null ? "" : " id=\"" + escapeHtml4(name) + "\"")
        .append("><td class=\"num\">")
        .append(number)
        .append("</td><td class=\"num\">")
        .append(escapeHtml4(st == null || st.plannedAt == null ? "" : shortTime(st.plannedAt)))
        .append("</td><td>")
        .append(
            escapeHtml4(
                spec.action == null || spec.action.description == null
                    ? "(no action)"
                    : spec.action.description));
    if (spec.mode != null) {
      html.append("<div class=\"meta\">mode ").append(escapeHtml4(spec.mode));
      if (Boolean.TRUE.equals(spec.explored)) {
        html.append(", explored");
      }
      html.append("</div>");
    }
    if (spec.modelVersion != null) {
      html.append("<div class=\"meta\">model ")
          .append(escapeHtml4(spec.modelVersion))
          .append("</div>");
    }
    html.append("</td><td><span class=\"phase\" style=\"background:")
        .append(phaseColour(phase))
        .append("\">")
        .append(escapeHtml4(phase))
        .append("</span>");
    if (st != null && st.message != null) {
      html.append("<div class=\"msg\">").append(escapeHtml4(st.message)).append("</div>");
    }
    html.append("</td><td><div class=\"reason\">")
        .append(escapeHtml4(spec.reason == null ? "" : spec.reason))
        .append("</div>");
    List<String> runners = spec.runnerUps == null ? List.of() : spec.runnerUps;
    if (!runners.isEmpty()) {
      html.append("<ul class=\"runners\">");
      for (String r : runners) {
        html.append("<li>").append(escapeHtml4(r == null ? "" : r)).append("</li>");
      }
      html.append("</ul>");
    }
    html.append("</td><td class=\"vals predicted\">").append(predicted(spec.prediction));
    html.append("</td><td class=\"vals observed\">")
        .append(observed(spec.snapshot, st == null ? null : st.outcome))
        .append("</td></tr>\n");
  }

  private static String predicted(TuningDecisionSpec.PredictionRecord p) {
    if (p == null) {
      return "&ndash;";
    }
    List<String> lines = new ArrayList<>();
    lines.add("p99 " + ms(p.p99PublishLatencyMs) + spread(p.p99SpreadMs, " ms"));
    lines.add("CPU " + percent(p.peakCpuUtilisation) + spreadPercent(p.peakCpuSpread));
    lines.add(
        "headroom " + percent(p.throughputHeadroom) + spreadPercent(p.throughputHeadroomSpread));
    return String.join("<br>", lines);
  }

  private static String observed(
      TuningDecisionSpec.SnapshotSummary before, TuningDecisionStatus.Outcome after) {
    List<String> lines = new ArrayList<>();
    if (before != null) {
      lines.add(
          "before: p99 "
              + ms(before.p99PublishLatencyMs)
              + ", CPU "
              + percent(before.peakCpuUtilisation)
              + (before.msgRateIn == null
                  ? ""
                  : ", " + DecisionsChart.number(before.msgRateIn) + " msg/s"));
    }
    if (after != null) {
      StringBuilder s =
          new StringBuilder("after: p99 ")
              .append(ms(after.p99PublishLatencyMs))
              .append(", CPU ")
              .append(percent(after.peakCpuUtilisation));
      if (after.p99ChangePercent != null && Double.isFinite(after.p99ChangePercent)) {
        s.append(String.format(Locale.ROOT, " (%+.0f%%)", after.p99ChangePercent));
      }
      lines.add(s.toString());
      if (after.p99ErrorMs != null && Double.isFinite(after.p99ErrorMs)) {
        lines.add(String.format(Locale.ROOT, "model error %+.1f ms", after.p99ErrorMs));
      }
    } else {
      lines.add("after: not yet observed");
    }
    return String.join("<br>", lines);
  }

  /** {@code 2026-11-22T02:53:45.65Z} as {@code 2026-11-22 02:53:45}; other text unchanged. */
  static String shortTime(String rfc3339) {
    try {
      return SHORT_TIME.format(Instant.parse(rfc3339));
    } catch (java.time.format.DateTimeParseException e) {
      return rfc3339;
    }
  }

  private static String ms(Double v) {
    return v == null || !Double.isFinite(v) ? "?" : DecisionsChart.number(v) + " ms";
  }

  private static String percent(Double v) {
    return v == null || !Double.isFinite(v) ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }

  private static String spread(Double v, String unit) {
    return v == null || !Double.isFinite(v) ? "" : " &plusmn; " + DecisionsChart.number(v) + unit;
  }

  private static String spreadPercent(Double v) {
    return v == null || !Double.isFinite(v)
        ? ""
        : String.format(Locale.ROOT, " &plusmn; %.0f%%", 100 * v);
  }

  /** A fixed colour per phase, the same in the chart and the table. */
  static String phaseColour(String phase) {
    return switch (phase) {
      case "Planned" -> "#7a7a7a";
      case "Applied" -> "#1f5fbf";
      case "Verified" -> "#2a8d3a";
      case "RolledBack" -> "#c62828";
      case "Rejected" -> "#b45f06";
      case "Recommended" -> "#7b3fa0";
      case "Stalled" -> "#d50000";
      case "Abandoned" -> "#8d6e63";
      default -> "#444";
    };
  }
}
