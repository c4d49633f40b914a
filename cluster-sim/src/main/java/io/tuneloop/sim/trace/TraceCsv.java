package io.tuneloop.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes workload traces as CSV: a header row exactly {@value #HEADER}, then one row per
 * interval. Blank lines and lines starting with {@code #} are skipped. The trace lasts until the
 * last row's time plus the previous interval (or 60 s for a single row), since a CSV row has no
 * end.
 */
public final class TraceCsv {
  public static final String HEADER = "t_seconds,msg_rate,avg_msg_bytes,topics,producers,consumers";
  private static final String[] COLUMNS = HEADER.split(",");

  private TraceCsv() {}

  public static WorkloadTrace read(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(name, file.toString(), r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param source how to name the input in errors (a path)
   * @throws TraceFormatException naming the row and column of the first problem
   */
  public static WorkloadTrace read(String name, String source, Reader in) throws IOException {
    BufferedReader r = new BufferedReader(in);
    List<WorkloadPoint> points = new ArrayList<>();
    String line;
    int row = 0;
    boolean header = false;
    while ((line = r.readLine()) != null) {
      row++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (!header) {
        String normalised = trimmed.replace(" ", "").toLowerCase(Locale.ROOT);
        if (!normalised.equals(HEADER)) {
          throw new TraceFormatException(
              source, row, null, "header is '" + trimmed + "', expected '" + HEADER + "'");
        }
        header = true;
        continue;
      }
      String[] cells = trimmed.split(",", -1);
      if (cells.length != COLUMNS.length) {
        throw new TraceFormatException(
            source,
            row,
            null,
            "has " + cells.length + " columns, expected " + COLUMNS.length + " (" + HEADER + ")");
      }
      double t = number(source, row, 0, cells[0]);
      double rate = number(source, row, 1, cells[1]);
      double bytes = number(source, row, 2, cells[2]);
      int topics = integer(source, row, 3, cells[3]);
      int producers = integer(source, row, 4, cells[4]);
      int consumers = integer(source, row, 5, cells[5]);
      if (!points.isEmpty() && !(t > points.get(points.size() - 1).tSeconds())) {
        throw new TraceFormatException(
            source,
            row,
            COLUMNS[0],
            "t_seconds="
                + cells[0].strip()
                + " is not after the previous row's "
                + points.get(points.size() - 1).tSeconds());
      }
      if (points.isEmpty() && t != 0) {
        throw new TraceFormatException(
            source,
            row,
            COLUMNS[0],
            "first row has t_seconds=" + cells[0].strip() + ", expected 0");
      }
      try {
        points.add(new WorkloadPoint(t, rate, bytes, topics, producers, consumers));
      } catch (IllegalArgumentException e) {
        String column = columnNamed(e.getMessage());
        throw new TraceFormatException(source, row, column, e.getMessage());
      }
    }
    if (!header) {
      throw new TraceFormatException(source, Math.max(row, 1), null, "missing header " + HEADER);
    }
    if (points.isEmpty()) {
      throw new TraceFormatException(source, row + 1, null, "no data rows after the header");
    }
    double last = points.get(points.size() - 1).tSeconds();
    double tail = points.size() > 1 ? last - points.get(points.size() - 2).tSeconds() : 60;
    return new WorkloadTrace(name, points, last + tail);
  }

  public static void write(WorkloadTrace trace, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (WorkloadPoint p : trace.points()) {
      out.write(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%d,%d,%d%n",
              plain(p.tSeconds()),
              plain(p.msgRate()),
              plain(p.avgMsgBytes()),
              p.topics(),
              p.producers(),
              p.consumers()));
    }
  }

  public static void write(WorkloadTrace trace, Path file) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(trace, w);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trace " + file + ": " + e.getMessage(), e);
    }
  }

  private static String plain(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static double number(String source, int row, int col, String cell) {
    String s = cell.strip();
    if (s.isEmpty()) {
      throw new TraceFormatException(source, row, COLUMNS[col], "is empty, expected a number");
    }
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new TraceFormatException(
            source, row, COLUMNS[col], "'" + s + "' is not a finite number");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new TraceFormatException(source, row, COLUMNS[col], "'" + s + "' is not a number");
    }
  }

  private static int integer(String source, int row, int col, String cell) {
    double v = number(source, row, col, cell);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new TraceFormatException(
          source, row, COLUMNS[col], "'" + cell.strip() + "' is not a whole number");
    }
    return (int) v;
  }

  private static String columnNamed(String message) {
    for (String c : COLUMNS) {
      if (message.startsWith(c + "=")) {
        return c;
      }
    }
    return null;
  }
}
