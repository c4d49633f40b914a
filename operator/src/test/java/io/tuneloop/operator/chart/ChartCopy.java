package io.tuneloop.operator.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A fresh copy of the checked-in chart under {@code target/chart-copies/}, for tests to alter. */
final class ChartCopy {
  private ChartCopy() {}

  static TuneloopChart of(String name) {
    Path source = TuneloopChart.checkedInDir();
    Path target = Path.of("target", "chart-copies", name);
    try {
      if (Files.exists(target)) {
        try (Stream<Path> old = Files.walk(target)) {
          for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      List<Path> all;
      try (Stream<Path> files = Files.walk(source)) {
        all = files.toList();
      }
      for (Path p : all) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
    }
    return new TuneloopChart(target);
  }
}
