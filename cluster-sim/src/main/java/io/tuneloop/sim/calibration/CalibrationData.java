package io.tuneloop.sim.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured points of a calibration run, as {@code measurements.csv}: {@code #} lines describe
 * the run (machine, load average, grid), then a header and one row per run.
 */
public record CalibrationData(List<String> notes, List<CalibrationPoint> points) {

  public CalibrationData {
    notes = List.copyOf(notes);
    points = List.copyOf(points);
  }

  /**
   * Marks every {@code k}-th grid cell (in a fixed order) as held back, with all its repeats, so
   * the held-back error is measured on configurations the fit never saw.
   */
  public static List<CalibrationPoint> holdOutEveryKthCell(List<CalibrationPoint> points, int k) {
    Map<String, Integer> index = new TreeMap<>();
    for (CalibrationPoint p : points) {
      index.putIfAbsent(p.cell(), 0);
    }
    int i = 0;
    for (String cell : index.keySet()) {
      index.put(cell, i++);
    }
    List<CalibrationPoint> out = new ArrayList<>();
    for (CalibrationPoint p : points) {
      out.add(p.withHoldout(index.get(p.cell()) % k == k - 1));
    }
    return out;
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
