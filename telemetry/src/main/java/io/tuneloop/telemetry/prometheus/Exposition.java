package io.tuneloop.telemetry.prometheus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The result of parsing one exposition: its metric families in order of first appearance. */
public final class Exposition {

  private final List<MetricFamily> families;
  private final Map<String, MetricFamily> byName;

  /**
   * @throws IllegalArgumentException when two families share a name
   */
  public Exposition(List<MetricFamily> families) {
    this.families = List.copyOf(families);
    Map<String, MetricFamily> map = new LinkedHashMap<>(families.size() * 2);
    for (MetricFamily f : this.families) {
      if (map.put(f.name(), f) != null) {
        throw new IllegalArgumentException("metric family " + f.name() + " appears twice");
      }
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /** All families in order of first appearance. */
  public List<MetricFamily> families() {
    return families;
  }

  /** The family names in order of first appearance. */
  public Set<String> familyNames() {
    return byName.keySet();
  }

  /** The family with this name (for a histogram or summary, its base name without suffix). */
  public Optional<MetricFamily> family(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The family with this name.
   *
   * @throws NoSuchElementException naming the family when it is absent
   */
  public MetricFamily require(String name) {
    MetricFamily f = byName.get(name);
    if (f == null) {
      throw new NoSuchElementException(
          "no metric family " + name + " among the " + families.size() + " families exposed");
    }
    return f;
  }

  /**
   * The family that owns a sample name: the family of that name, or the counter, histogram or
   * summary whose suffixed sample it is ({@code x_total}, {@code x_created}, {@code x_bucket},
   * {@code x_sum}, {@code x_count}).
   */
  public Optional<MetricFamily> familyOfSample(String sampleName) {
    MetricFamily exact = byName.get(sampleName);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (String suffix : SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        MetricFamily f = byName.get(sampleName.substring(0, sampleName.length() - suffix.length()));
        if (f != null && owns(f, suffix)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  private static final List<String> SUFFIXES =
      List.of("_total", "_created", "_bucket", "_sum", "_count");

  private static boolean owns(MetricFamily f, String suffix) {
    return switch (f.type()) {
      case COUNTER -> suffix.equals("_total") || suffix.equals("_created");
      case HISTOGRAM -> !suffix.equals("_total");
      case SUMMARY -> !suffix.equals("_total") && !suffix.equals("_bucket");
      default -> false;
    };
  }

  /** Families whose names start with {@code prefix}, in order. */
  public List<MetricFamily> familiesWithPrefix(String prefix) {
    List<MetricFamily> out = new ArrayList<>();
    for (MetricFamily f : families) {
      if (f.name().startsWith(prefix)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Samples of every family that carry label {@code label} with exactly {@code value}. */
  public List<Sample> samplesWithLabel(String label, String value) {
    List<Sample> out = new ArrayList<>();
    for (MetricFamily f : families) {
      for (Sample s : f.samples()) {
        if (value.equals(s.labels().getOrNull(label))) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The total number of samples. */
  public int sampleCount() {
    int n = 0;
    for (MetricFamily f : families) {
      n += f.samples().size();
    }
    return n;
  }

  @Override
  public String toString() {
    return "Exposition[" + families.size() + " families, " + sampleCount() + " samples]";
  }
}
