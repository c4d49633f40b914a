package io.tuneloop.telemetry.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * All samples of one metric family in exposition order, with its type and HELP text (empty when
 * there was none). For histograms and summaries, {@link #histograms()} and {@link #summaries()}
 * group the samples into series.
 *
 * <p>The sample list is immutable. For parsed families it is stored column-wise and creates each
 * {@link Sample} when read, so samples compare {@code equals} but are not kept as identical
 * objects.
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {

  public MetricFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    if (!isValidMetricName(name)) {
      throw new IllegalArgumentException(
          "metric name \"" + name + "\" is not a valid name [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    // The parser's column store is already immutable; copying it would create a Sample per line.
    samples = samples instanceof SampleColumns ? samples : List.copyOf(samples);
  }

  /** True when {@code name} matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  public static boolean isValidMetricName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || c == ':'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Samples carrying label {@code label} with exactly {@code value}. */
  public List<Sample> samplesWithLabel(String label, String value) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (value.equals(s.labels().getOrNull(label))) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The samples that carry the family's value: those named like the family, plus {@code x_total}
   * for a counter {@code x} (the Java simpleclient's spelling). Excludes {@code _created}, {@code
   * _sum}, {@code _count} and {@code _bucket} samples.
   */
  public List<Sample> valueSamples() {
    String total = type == MetricType.COUNTER ? name + "_total" : null;
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.name().equals(name) || s.name().equals(total)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The {@linkplain #valueSamples() value sample} with exactly these labels. */
  public Optional<Sample> sample(Labels labels) {
    for (Sample s : valueSamples()) {
      if (s.labels().equals(labels)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The sample with this exact name (e.g. {@code x_count}) and label set. */
  public Optional<Sample> sample(String sampleName, Labels labels) {
    for (Sample s : samples) {
      if (s.name().equals(sampleName) && s.labels().equals(labels)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The distinct values of label {@code label} in first-seen order (e.g. all topics). */
  public Set<String> labelValues(String label) {
    Set<String> out = new LinkedHashSet<>();
    for (Sample s : samples) {
      String v = s.labels().getOrNull(label);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Samples grouped by the value of {@code label}; samples without it are left out. */
  public Map<String, List<Sample>> groupByLabel(String label) {
    Map<String, List<Sample>> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      String v = s.labels().getOrNull(label);
      if (v != null) {
        out.computeIfAbsent(v, k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  /** The sum of the {@linkplain #valueSamples() value samples} (NaN values propagate). */
  public double sum() {
    double total = 0;
    for (Sample s : valueSamples()) {
      total += s.value();
    }
    return total;
  }

  /**
   * The histogram series of a {@link MetricType#HISTOGRAM} family, one per label set (without
   * {@code le}), in first-seen order. Sum and count are NaN for a series that lacks them.
   *
   * @throws IllegalStateException when the family is not a histogram, or two buckets of one series
   *     have the same bound (for example {@code le="1"} and {@code le="1.0"})
   */
  public List<Histogram> histograms() {
    if (type != MetricType.HISTOGRAM) {
      throw new IllegalStateException(name + " is a " + type.token() + ", not a histogram");
    }
    String bucketName = name + "_bucket";
    String sumName = name + "_sum";
    String countName = name + "_count";
    Map<Labels, SeriesParts> series = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name().equals(bucketName)) {
        series
            .computeIfAbsent(s.labels().without("le"), k -> new SeriesParts())
            .points
            .add(new double[] {numericLabel(s, "le"), s.value()});
      } else if (s.name().equals(sumName)) {
        series.computeIfAbsent(s.labels(), k -> new SeriesParts()).sum = s.value();
      } else if (s.name().equals(countName)) {
        series.computeIfAbsent(s.labels(), k -> new SeriesParts()).count = s.value();
      }
    }
    List<Histogram> out = new ArrayList<>(series.size());
    for (Map.Entry<Labels, SeriesParts> e : series.entrySet()) {
      List<double[]> points = e.getValue().sortedPoints(name, e.getKey(), "le");
      List<Bucket> buckets = new ArrayList<>(points.size());
      for (double[] p : points) {
        buckets.add(new Bucket(p[0], p[1]));
      }
      out.add(new Histogram(e.getKey(), buckets, e.getValue().sum, e.getValue().count));
    }
    return out;
  }

  /**
   * The summary series of a {@link MetricType#SUMMARY} family, one per label set (without {@code
   * quantile}), in first-seen order. Sum and count are NaN for a series that lacks them.
   *
   * @throws IllegalStateException when the family is not a summary, or one series lists the same
   *     quantile twice
   */
  public List<Summary> summaries() {
    if (type != MetricType.SUMMARY) {
      throw new IllegalStateException(name + " is a " + type.token() + ", not a summary");
    }
    String sumName = name + "_sum";
    String countName = name + "_count";
    Map<Labels, SeriesParts> series = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name().equals(name)) {
        series
            .computeIfAbsent(s.labels().without("quantile"), k -> new SeriesParts())
            .points
            .add(new double[] {numericLabel(s, "quantile"), s.value()});
      } else if (s.name().equals(sumName)) {
        series.computeIfAbsent(s.labels(), k -> new SeriesParts()).sum = s.value();
      } else if (s.name().equals(countName)) {
        series.computeIfAbsent(s.labels(), k -> new SeriesParts()).count = s.value();
      }
    }
    List<Summary> out = new ArrayList<>(series.size());
    for (Map.Entry<Labels, SeriesParts> e : series.entrySet()) {
      List<double[]> points = e.getValue().sortedPoints(name, e.getKey(), "quantile");
      List<Quantile> quantiles = new ArrayList<>(points.size());
      for (double[] p : points) {
        quantiles.add(new Quantile(p[0], p[1]));
      }
      out.add(new Summary(e.getKey(), quantiles, e.getValue().sum, e.getValue().count));
    }
    return out;
  }

  /** The histogram series with exactly these labels (without {@code le}). */
  public Optional<Histogram> histogram(Labels labels) {
    return histograms().stream().filter(h -> h.labels().equals(labels)).findFirst();
  }

  /** The summary series with exactly these labels (without {@code quantile}). */
  public Optional<Summary> summary(Labels labels) {
    return summaries().stream().filter(s -> s.labels().equals(labels)).findFirst();
  }

  private static double numericLabel(Sample s, String label) {
    String text = s.labels().getOrNull(label);
    if (text == null) {
      throw new IllegalStateException(s.name() + s.labels() + " has no " + label + " label");
    }
    try {
      double v = ExpositionNumbers.parseDouble(text);
      if (Double.isNaN(v)) {
        throw new NumberFormatException("NaN");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          s.name() + s.labels() + " has " + label + "=\"" + text + "\", expected a number", e);
    }
  }

  private static final class SeriesParts {
    final List<double[]> points = new ArrayList<>();
    double sum = Double.NaN;
    double count = Double.NaN;

    List<double[]> sortedPoints(String family, Labels labels, String label) {
      points.sort((x, y) -> Double.compare(x[0], y[0]));
      for (int i = 1; i < points.size(); i++) {
        if (points.get(i)[0] == points.get(i - 1)[0]) {
          throw new IllegalStateException(
              family + labels + " has two samples with " + label + "=" + points.get(i)[0]);
        }
      }
      return points;
    }
  }
}
