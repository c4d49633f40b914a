package io.tuneloop.sim.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The measured points of a calibration run, as {@code measurements.csv}: {@code #} lines describe
 * the run (machine, load average, grid), then a header and one row per run.
 */
public record CalibrationData(List<String> notes, List<CalibrationPoint> points) {
  /** Fixed so that a re-fit of the same measurements holds back the same cells. */
  private static final long HOLDOUT_SEED = 4;

  public CalibrationData {
    notes = List.copyOf(notes);
    points = List.copyOf(points);
  }

  /**
   * Holds back one grid cell in {@code k}, with all its repeats, so the held-back error is measured
   * on configurations the fit never saw. The cells are taken in a fixed shuffled order, not in grid
   * order: in grid order every k-th cell is the same rate and size whenever k divides their
   * combinations, and the held-back error would then describe one load only.
   */
  public static List<CalibrationPoint> holdOutEveryKthCell(List<CalibrationPoint> points, int k) {
    List<String> cells =
        new ArrayList<>(new TreeSet<>(points.stream().map(CalibrationPoint::cell).toList()));
    Collections.shuffle(cells, new Random(HOLDOUT_SEED));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      index.put(cells.get(i), i);
    }
    List<CalibrationPoint> out = new ArrayList<>();
    for (CalibrationPoint p : points) {
      out.add(p.withHoldout(index.get(p.cell()) % k == k - 1));
    }
    return out;
  }

  /**
   * One point per grid cell whose latencies and rate are the medians of the cell's repeats, so a
   * run disturbed by a GC pause or a neighbour's burst moves the fit by at most half a cell instead
   * of pulling it towards the outlier. {@code repeat} holds the number of runs.
   */
  public static List<CalibrationPoint> cellMedians(List<CalibrationPoint> points) {
    Map<String, List<CalibrationPoint>> byCell = new LinkedHashMap<>();
    for (CalibrationPoint p : points) {
      byCell.computeIfAbsent(p.cell(), c -> new ArrayList<>()).add(p);
    }
    List<CalibrationPoint> out = new ArrayList<>();
    for (List<CalibrationPoint> runs : byCell.values()) {
      CalibrationPoint first = runs.get(0);
      double p50 = median(runs.stream().mapToDouble(CalibrationPoint::p50Ms).toArray());
      double p99 = median(runs.stream().mapToDouble(CalibrationPoint::p99Ms).toArray());
      out.add(
          new CalibrationPoint(
              first.groupWaitMs(),
              first.mlCacheMb(),
              first.targetRate(),
              first.msgBytes(),
              first.topics(),
              first.consumers(),
              runs.size(),
              median(runs.stream().mapToDouble(CalibrationPoint::achievedRate).toArray()),
              p50,
              Math.max(p50, median(runs.stream().mapToDouble(CalibrationPoint::p95Ms).toArray())),
              Math.max(p50, p99),
              median(runs.stream().mapToDouble(CalibrationPoint::brokerCpuCores).toArray()),
              runs.stream().anyMatch(CalibrationPoint::holdout)));
    }
    return out;
  }

  /** The median of {@code v} (the mean of the middle two for an even count). */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public void write(Path file) {
    StringBuilder sb = new StringBuilder();
    for (String n : notes) {
      sb.append("# ").append(n).append('\n');
    }
    sb.append(CalibrationPoint.CSV_HEADER).append('\n');
    for (CalibrationPoint p : points) {
      sb.append(p.toCsv()).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static CalibrationData read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> notes = new ArrayList<>();
    List<CalibrationPoint> pts = new ArrayList<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("#")) {
        notes.add(l.substring(1).strip());
      } else if (!header) {
        if (!l.equals(CalibrationPoint.CSV_HEADER)) {
          throw new IllegalArgumentException(
              file
                  + ": row "
                  + (i + 1)
                  + " is '"
                  + l
                  + "', expected "
                  + CalibrationPoint.CSV_HEADER);
        }
        header = true;
      } else {
        try {
          pts.add(CalibrationPoint.fromCsv(l, i + 1));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
      }
    }
    return new CalibrationData(notes, pts);
  }
}
