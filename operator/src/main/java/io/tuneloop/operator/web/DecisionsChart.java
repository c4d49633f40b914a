package io.tuneloop.operator.web;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToIntFunction;

/**
 * A cluster's p99 publish latency (left axis) and broker and bookie replicas (right axis) over
 * time, with each decision marked at the time it was planned, as inline SVG. No script: details are
 * in {@code <title>} tooltips and in the table whose numbers the markers carry.
 */
public final class DecisionsChart {
  static final int WIDTH = 1120;
  static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 56;
  private static final int TOP = 34;
  private static final int BOTTOM = 42;
  private static final DateTimeFormatter TICK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The chart, or a short note when there is nothing to draw yet. */
  public String render(ClusterView view) {
    List<Instant> times = new ArrayList<>();
    view.history().forEach(p -> times.add(p.at()));
    for (TuningDecision d : view.decisions()) {
      Instant t = ClusterView.plannedAt(d);
      if (!t.equals(Instant.EPOCH)) {
        times.add(t);
      }
    }
    if (times.isEmpty()) {
      return "<p class=\"empty\">No observations yet: the chart appears after the first pass.</p>\n";
    }
    Instant from = times.stream().min(Instant::compareTo).orElseThrow();
    Instant to = times.stream().max(Instant::compareTo).orElseThrow();
    if (Duration.between(from, to).getSeconds() < 60) {
      from = from.minusSeconds(30);
      to = to.plusSeconds(30);
    }
    double maxP99 = 0;
    for (PassObservation p : view.history()) {
      maxP99 = Math.max(maxP99, p.p99Ms().orElse(0));
    }
    for (TuningDecision d : view.decisions()) {
      if (d.getSpec() != null && d.getSpec().prediction != null) {
        maxP99 = Math.max(maxP99, finite(d.getSpec().prediction.p99PublishLatencyMs));
      }
    }
    int maxReplicas = 1;
    for (PassObservation p : view.history()) {
      maxReplicas = Math.max(maxReplicas, Math.max(p.brokers(), p.bookies()));
    }
    Scale s = new Scale(from, to, niceMax(maxP99), maxReplicas + 1);

    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-label=\"p99 publish latency and replicas of %s over time\">%n",
            WIDTH,
            HEIGHT,
            escapeHtml4(view.id())));
    axes(svg, s);
    p99Line(svg, s, view.history());
    replicaLine(svg, s, view.history(), PassObservation::brokers, "brokers", "#e07b00", "");
    replicaLine(svg, s, view.history(), PassObservation::bookies, "bookies", "#2a9d3a", "6 4");
    markers(svg, s, view.decisions());
    legend(svg);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void axes(StringBuilder svg, Scale s) {
    int bottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\""
                + " stroke=\"#999\"/>%n",
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            bottom - TOP));
    for (int i = 0; i <= 4; i++) {
      double v = s.maxP99 * i / 4;
      double y = s.yP99(v);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              LEFT - 6,
              y + 4,
              number(v)));
    }
    for (int r = 0; r <= s.maxReplicas; r++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" class=\"tick\">%d</text>%n",
              WIDTH - RIGHT + 6,
              s.yReplicas(r) + 4,
              r));
    }
    for (int i = 0; i <= 5; i++) {
      Instant t = s.from.plusMillis((long) (s.spanMillis() * i / 5.0));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>%n",
              s.x(t),
              bottom + 16,
              TICK.format(t)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"axis\">p99 ms</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"axis\">replicas</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">time (UTC)</text>%n",
            4,
            TOP - 14,
            WIDTH - 4,
            TOP - 14,
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 6));
  }

  private static void p99Line(StringBuilder svg, Scale s, List<PassObservation> history) {
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (PassObservation p : history) {
      OptionalDouble v = p.p99Ms();
      if (v.isEmpty()) {
        continue;
      }
      double x = s.x(p.at());
      double y = s.yP99(v.getAsDouble());
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      dots.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s p99 %s ms%s</title>"
                  + "</circle>%n",
              x,
              y,
              p.fromDecision() ? "#fff" : "#1f5fbf",
              TICK.format(p.at()),
              number(v.getAsDouble()),
              p.fromDecision() ? " (from a decision record)" : ""));
    }
    if (!points.isEmpty()) {
      svg.append(
              "<polyline class=\"p99\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"")
          .append(points.toString().trim())
          .append("\"/>\n");
    }
    svg.append(dots);
  }

  private static void replicaLine(
      StringBuilder svg,
      Scale s,
      List<PassObservation> history,
      ToIntFunction<PassObservation> replicas,
      String name,
      String colour,
      String dash) {
    if (history.isEmpty()) {
      return;
    }
    StringBuilder points = new StringBuilder();
    Double lastY = null;
    for (PassObservation p : history) {
      double x = s.x(p.at());
      double y = s.yReplicas(replicas.applyAsInt(p));
      if (lastY != null) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, lastY));
      }
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      lastY = y;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                + " stroke-dasharray=\"%s\" points=\"%s\"/>%n",
            name,
            colour,
            dash.isEmpty() ? "none" : dash,
            points.toString().trim()));
  }

  private static void markers(StringBuilder svg, Scale s, List<TuningDecision> decisions) {
    for (int i = 0; i < decisions.size(); i++) {
      TuningDecision d = decisions.get(i);
      Instant t = ClusterView.plannedAt(d);
      if (t.equals(Instant.EPOCH)) {
        continue;
      }
      String phase = phase(d);
      String colour = DecisionsPage.phaseColour(phase);
      double x = s.x(t);
      String action =
          d.getSpec() != null
                  && d.getSpec().action != null
                  && d.getSpec().action.description != null
              ? d.getSpec().action.description
              : "(no action)";
      String reason = d.getSpec() != null && d.getSpec().reason != null ? d.getSpec().reason : "";
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"decision\"><title>#%d %s: %s. %s</title>"
                  + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                  + " stroke-width=\"2\" stroke-dasharray=\"3 3\"/>"
                  + "<circle cx=\"%.1f\" cy=\"%d\" r=\"9\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"marker\">%d</text>",
              i + 1,
              escapeHtml4(phase),
              escapeHtml4(action),
              escapeHtml4(reason),
              x,
              x,
              TOP,
              HEIGHT - BOTTOM,
              colour,
              x,
              TOP,
              colour,
              x,
              TOP + 4,
              i + 1));
      if (d.getSpec() != null && d.getSpec().prediction != null) {
        double predicted = finite(d.getSpec().prediction.p99PublishLatencyMs);
        TuningDecisionStatus st = d.getStatus();
        Instant at = t;
        if (st != null && st.outcome != null && st.outcome.observedAt != null) {
          try {
            at = Instant.parse(st.outcome.observedAt);
          } catch (java.time.format.DateTimeParseException e) {
            at = t;
          }
        }
        double px = s.x(at);
        double py = s.yP99(predicted);
        svg.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %.1f l6 6 l-6 6 l-6 -6 z\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"><title>#%d predicted p99 %s ms</title></path>",
                px,
                py - 6,
                colour,
                i + 1,
                number(predicted)));
      }
      svg.append("</g>\n");
    }
  }

  private static void legend(StringBuilder svg) {
    int y = 14;
    svg.append(
        String.format(
            Locale.ROOT,
            "<g class=\"legend\">"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#1f5fbf\""
                + " stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">p99 observed</text>"
                + "<path d=\"M%d %d l6 6 l-6 6 l-6 -6 z\" fill=\"none\" stroke=\"#555\"/>"
                + "<text x=\"%d\" y=\"%d\">p99 predicted</text>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#e07b00\""
                + " stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">brokers</text>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#2a9d3a\""
                + " stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%d\">bookies"
                + "</text></g>%n",
            LEFT + 120,
            LEFT + 145,
            y,
            y,
            LEFT + 150,
            y + 4,
            LEFT + 270,
            y - 6,
            LEFT + 282,
            y + 4,
            LEFT + 400,
            LEFT + 425,
            y,
            y,
            LEFT + 430,
            y + 4,
            LEFT + 500,
            LEFT + 525,
            y,
            y,
            LEFT + 530,
            y + 4));
  }

  static String phase(TuningDecision d) {
    return d.getStatus() == null || d.getStatus().phase == null
        ? "Unknown"
        : d.getStatus().phase.name();
  }

  private static double finite(Double v) {
    return v == null || !Double.isFinite(v) ? 0 : v;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v} (and at least 1). */
  static double niceMax(double v) {
    if (!(v > 1)) {
      return 1;
    }
    double pow = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * pow >= v) {
        return m * pow;
      }
    }
    return 10 * pow;
  }

  static String number(double v) {
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private record Scale(Instant from, Instant to, double maxP99, int maxReplicas) {
    double spanMillis() {
      return Math.max(1, Duration.between(from, to).toMillis());
    }

    double x(Instant t) {
      return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(from, t).toMillis() / spanMillis();
    }

    double yP99(double v) {
      double clamped = Math.max(0, Math.min(v, maxP99));
      return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * clamped / maxP99;
    }

    double yReplicas(int r) {
      return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (double) r / maxReplicas;
    }
  }
}
