package io.tuneloop.app;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MetricKey;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Renders a snapshot and its feature vector as plain text for a person at a terminal. */
final class SnapshotTable {
  private final PrintWriter out;

  SnapshotTable(PrintWriter out) {
    this.out = out;
  }

  void print(ClusterSnapshot s, FeatureSchema schema, Collection<String> settingNames) {
    Instant now = s.windowEnd();
    out.printf(
        "cluster %s, window %s .. %s (%d s), completeness %.0f%%%n",
        s.clusterId(),
        s.windowStart(),
        s.windowEnd(),
        s.window().toSeconds(),
        100 * s.completeness());
    out.printf(
        "replicas: %d broker(s), %d bookie(s)%n", s.settings().brokers(), s.settings().bookies());
    for (NodeSnapshot<?> b : s.brokers()) {
      printNode("broker", b, now);
    }
    for (NodeSnapshot<?> b : s.bookies()) {
      printNode("bookie", b, now);
    }
    out.println("message sizes:");
    double[] bounds = s.messageSizes().upperBoundsBytes();
    long[] counts = s.messageSizes().counts();
    for (int i = 0; i < bounds.length; i++) {
      out.printf(Locale.ROOT, "  <= %-12s %d%n", bytes(bounds[i]), counts[i]);
    }
    out.printf("  mean: %s%n", show(s.messageSizes().meanBytes(), "bytes"));
    out.println("settings:");
    for (String name : settingNames) {
      out.printf("  %-48s %s%n", name, s.settings().value(name).orElse("(not observed)"));
    }
    FeatureVector v = schema.vectorize(s);
    out.printf(
        "features (schema %s, %s): %d of %d present%n",
        schema.version(),
        schema.fingerprint(),
        Math.round(v.presentFraction() * v.size()),
        v.size());
    for (int i = 0; i < v.size(); i++) {
      var f = schema.features().get(i);
      out.printf(
          Locale.ROOT,
          "  %-32s %s%n",
          f.name(),
          v.isPresent(i) ? String.format(Locale.ROOT, "%.4f", v.value(i)) : "missing");
    }
    if (!s.problems().isEmpty()) {
      out.println("problems:");
      s.problems().forEach(p -> out.println("  " + p));
    }
    out.flush();
  }

  private void printNode(String role, NodeSnapshot<?> node, Instant now) {
    out.printf("%s %s (%.0f%% of metrics present)%n", role, node.name(), 100 * node.completeness());
    for (Map.Entry<? extends MetricKey, Reading> e : node.readings().entrySet()) {
      Reading r = e.getValue();
      out.printf(
          Locale.ROOT,
          "  %-36s %s%n",
          e.getKey().id(),
          r.isPresent()
              ? show(r, e.getKey().unit()) + "  (" + r.ageAt(now).toSeconds() + " s old)"
              : "absent: " + r.absentReason());
    }
  }

  private static String show(Reading r, String unit) {
    if (!r.isPresent()) {
      return "absent: " + r.absentReason();
    }
    return String.format(Locale.ROOT, "%.3f %s", r.value(), unit);
  }

  private static String bytes(double b) {
    if (Double.isInfinite(b)) {
      return "+Inf";
    }
    if (b >= 1 << 20) {
      return String.format(Locale.ROOT, "%.0f MiB", b / (1 << 20));
    }
    if (b >= 1024) {
      return String.format(Locale.ROOT, "%.0f KiB", b / 1024);
    }
    return String.format(Locale.ROOT, "%.0f B", b);
  }
}
