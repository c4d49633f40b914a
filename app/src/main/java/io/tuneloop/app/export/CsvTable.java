package io.tuneloop.app.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as pandas reads it with {@code read_csv} defaults: a header row, comma-separated, RFC
 * 4180 quoting where a value holds a comma, quote or line break, numbers with a decimal point an
 * empty cell for a missing value, and doubles rounded to 6 significant digits (what a notebook
 * needs, and it keeps the files small).
 */
final class CsvTable {
  private static final MathContext SIGNIFICANT = new MathContext(6);
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  CsvTable(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a CSV table needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  List<String> header() {
    return header;
  }

  int rowCount() {
    return rows.size();
  }

  /** Values are written as strings; a non-finite double as empty. */
  void add(List<?> values) {
    if (values.size() != header.size()) {
      throw new IllegalArgumentException(
          "row has " + values.size() + " values, the header has " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(values.size());
    for (Object v : values) {
      row.add(format(v));
    }
    rows.add(row);
  }

  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return "";
      }
      if (d == 0) {
        return "0";
      }
      BigDecimal b = new BigDecimal(d).round(SIGNIFICANT).stripTrailingZeros();
      double abs = Math.abs(d);
      return abs >= 1e-6 && abs < 1e15 ? b.toPlainString() : b.toString();
    }
    if (v instanceof Float f) {
      return format((double) f);
    }
    return v.toString();
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  void write(Path file) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeLine(w, header);
      for (List<String> row : rows) {
        writeLine(w, row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeLine(Writer w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(cells.get(i)));
    }
    w.write('\n');
  }
}
