package io.tuneloop.telemetry.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes Pulsar's histograms whose buckets are separate families with the upper bound in the name,
 * such as {@code pulsar_storage_write_latency_le_0_5}, {@code ..._le_1}, ..., {@code ..._overflow},
 * or {@code pulsar_entry_size_le_128}, {@code ..._le_1_kb}, ..., {@code ..._le_overflow}, into
 * ordinary {@link Histogram}s with cumulative buckets.
 *
 * <p>Name grammar after {@code <base>_le_}: digits, optionally {@code _} and fraction digits
 * ({@code 0_5} is 0.5), optionally {@code _kb} (x1024) or {@code _mb} (x1024²); the overflow bucket
 * is {@code <base>_le_overflow} or {@code <base>_overflow} (Pulsar uses both) and becomes {@code
 * +Inf}. Each family holds <em>per-bucket</em> counts, as Pulsar writes them; the decoder sums them
 * into cumulative counts. {@code <base>_sum} and {@code <base>_count}, when present, supply sum and
 * count.
 *
 * <p>Per label set (e.g. per topic): a bucket family that lacks the label set counts 0 for it; a
 * base without an overflow family yields histograms without a {@code +Inf} bucket, for which {@link
 * Histogram#quantile(double)} is NaN rather than a guess.
 */
public final class NameEncodedHistogramDecoder {

  private static final String LE = "_le_";
  private static final String OVERFLOW = "overflow";

  /**
   * The upper bound encoded by a name suffix after {@code _le_}: {@code "0_5"} is 0.5, {@code
   * "16_kb"} is 16384, {@code "overflow"} is +Inf; empty when the suffix is not a bound.
   */
  public OptionalDouble upperBound(String suffix) {
    if (suffix.equals(OVERFLOW)) {
      return OptionalDouble.of(Double.POSITIVE_INFINITY);
    }
    double scale = 1;
    String number = suffix;
    if (number.endsWith("_kb")) {
      scale = 1024;
      number = number.substring(0, number.length() - 3);
    } else if (number.endsWith("_mb")) {
      scale = 1024 * 1024;
      number = number.substring(0, number.length() - 3);
    }
    int underscore = number.indexOf('_');
    String whole = underscore < 0 ? number : number.substring(0, underscore);
    String fraction = underscore < 0 ? "" : number.substring(underscore + 1);
    if (!isDigits(whole) || (underscore >= 0 && !isDigits(fraction))) {
      return OptionalDouble.empty();
    }
    String decimal = fraction.isEmpty() ? whole : whole + "." + fraction;
    return OptionalDouble.of(Double.parseDouble(decimal) * scale);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 15) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The base names that have at least one name-encoded bucket family, in order. */
  public Set<String> baseNames(Exposition exposition) {
    Set<String> out = new LinkedHashSet<>();
    for (MetricFamily f : exposition.families()) {
      String name = f.name();
      int at = name.lastIndexOf(LE);
      while (at > 0) {
        if (upperBound(name.substring(at + LE.length())).isPresent()) {
          out.add(name.substring(0, at));
          break;
        }
        at = name.lastIndexOf(LE, at - 1);
      }
    }
    return out;
  }

  /**
   * The histograms of {@code baseName}, one per label set in first-seen order; empty when the
   * exposition has no bucket family for it. Families that encode the same bound (such as {@code
   * _overflow} and {@code _le_overflow}) are one bucket.
   *
   * @throws IllegalArgumentException when a bucket count is negative or NaN
   */
  public List<Histogram> decode(Exposition exposition, String baseName) {
    TreeMap<Double, List<MetricFamily>> byBound = new TreeMap<>();
    String prefix = baseName + LE;
    for (MetricFamily f : exposition.families()) {
      OptionalDouble bound = OptionalDouble.empty();
      if (f.name().startsWith(prefix)) {
        bound = upperBound(f.name().substring(prefix.length()));
      } else if (f.name().equals(baseName + "_" + OVERFLOW)) {
        bound = OptionalDouble.of(Double.POSITIVE_INFINITY);
      }
      if (bound.isPresent()) {
        byBound.computeIfAbsent(bound.getAsDouble(), k -> new ArrayList<>()).add(f);
      }
    }
    if (byBound.isEmpty()) {
      return List.of();
    }
    int n = byBound.size();
    double[] upperBounds = new double[n];
    Map<Labels, double[]> perBucket = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<Double, List<MetricFamily>> bucket : byBound.entrySet()) {
      upperBounds[i] = bucket.getKey();
      for (MetricFamily f : bucket.getValue()) {
        for (Sample s : f.samples()) {
          if (!(s.value() >= 0)) {
            throw new IllegalArgumentException(
                f.name() + s.labels() + " = " + s.value() + ", expected a bucket count >= 0");
          }
          perBucket.computeIfAbsent(s.labels(), k -> new double[n])[i] += s.value();
        }
      }
      i++;
    }
    Map<Labels, Double> sumByLabels = valuesByLabels(exposition, baseName + "_sum");
    Map<Labels, Double> countByLabels = valuesByLabels(exposition, baseName + "_count");
    List<Histogram> out = new ArrayList<>(perBucket.size());
    for (Map.Entry<Labels, double[]> e : perBucket.entrySet()) {
      out.add(
          new Histogram(
              e.getKey(),
              Histogram.cumulative(upperBounds, e.getValue()),
              sumByLabels.getOrDefault(e.getKey(), Double.NaN),
              countByLabels.getOrDefault(e.getKey(), Double.NaN)));
    }
    return out;
  }

  private static Map<Labels, Double> valuesByLabels(Exposition exposition, String familyName) {
    Map<Labels, Double> out = new LinkedHashMap<>();
    exposition
        .family(familyName)
        .ifPresent(
            family -> {
              for (Sample s : family.samples()) {
                out.putIfAbsent(s.labels(), s.value());
              }
            });
    return out;
  }
}
