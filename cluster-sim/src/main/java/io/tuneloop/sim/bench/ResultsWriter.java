package io.tuneloop.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes {@code results.csv} (the exact header of issue 4) and {@code results.md}. */
public final class ResultsWriter {
  public static final String CSV_HEADER =
      "trace,policy,pod_hours,slo_violation_minutes,throughput_lost_pct,disruptive_actions,decision_p99_ms";

  private ResultsWriter() {}

  public static String csv(List<RunResult> results) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (RunResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%.2f,%.1f,%.3f,%d,%.3f%n",
              r.trace(),
              r.policy(),
              r.podHours(),
              r.sloViolationMinutes(),
              r.throughputLostPct(),
              r.disruptiveActions(),
              r.decisionP99Ms()));
    }
    return sb.toString();
  }

  /**
   * @param header lines describing the run (command, seed, SLO, machine), printed above the table
   */
  public static String markdown(List<RunResult> results, List<String> header) {
    StringBuilder sb = new StringBuilder("# Tuneloop benchmark results\n\n");
    for (String h : header) {
      sb.append("- ").append(h).append('\n');
    }
    sb.append('\n');
    sb.append(
        "| trace | policy | pod-hours | SLO-violation min | throughput lost % | disruptive actions |"
            + " decision p99 ms |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (RunResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.0f | %.3f | %d | %.2f |%n",
              r.trace(),
              r.policy(),
              r.podHours(),
              r.sloViolationMinutes(),
              r.throughputLostPct(),
              r.disruptiveActions(),
              r.decisionP99Ms()));
    }
    return sb.toString();
  }

  public static void write(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
