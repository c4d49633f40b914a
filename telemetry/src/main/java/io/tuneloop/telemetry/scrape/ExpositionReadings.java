package io.tuneloop.telemetry.scrape;

import io.tuneloop.telemetry.prometheus.Bucket;
import io.tuneloop.telemetry.prometheus.Exposition;
import io.tuneloop.telemetry.prometheus.Histogram;
import io.tuneloop.telemetry.prometheus.MetricFamily;
import io.tuneloop.telemetry.prometheus.NameEncodedHistogramDecoder;
import io.tuneloop.telemetry.prometheus.Sample;
import io.tuneloop.telemetry.prometheus.Summary;
import io.tuneloop.telemetry.snapshot.Reading;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Reads values out of one node's current scrape, and rates out of the current and the previous one.
 * Every method answers with a {@link Reading}: a family that is missing, a NaN, or a counter
 * without a previous scrape becomes an absent reading that says so.
 */
final class ExpositionReadings {
  private final String node;
  private final Scrape current;
  private final Scrape previous;
  private final String source;
  private final NameEncodedHistogramDecoder decoder = new NameEncodedHistogramDecoder();

  ExpositionReadings(String node, Scrape current, Scrape previous) {
    this.node = node;
    this.current = current;
    this.previous = previous;
    this.source = "scrape of " + node;
  }

  Exposition exposition() {
    return current.exposition();
  }

  java.time.Instant at() {
    return current.at();
  }

  String source() {
    return source;
  }

  /** Sum of all samples of {@code family} whose sample name equals the family name. */
  Reading gauge(String family) {
    return gauge(family, s -> true);
  }

  Reading gauge(String family, Predicate<Sample> which) {
    Optional<MetricFamily> f = current.exposition().family(family);
    if (f.isEmpty()) {
      return Reading.absent(node + " does not export " + family);
    }
    double sum = 0;
    int n = 0;
    for (Sample s : f.get().samples()) {
      if (!s.name().equals(family) || !which.test(s)) {
        continue;
      }
      if (!Double.isFinite(s.value())) {
        return Reading.absent(node + " reports " + family + " as " + s.value());
      }
      sum += s.value();
      n++;
    }
    return n == 0
        ? Reading.absent(node + " has no matching sample of " + family)
        : Reading.of(sum, current.at(), source);
  }

  /** First present reading among {@code candidates}, or the last one's reason. */
  static Reading firstPresent(Reading... candidates) {
    for (Reading r : candidates) {
      if (r.isPresent()) {
        return r;
      }
    }
    return candidates[candidates.length - 1];
  }

  /** Per-second increase of a counter-like sample between the previous and the current scrape. */
  Reading rate(String family, String sampleName, Predicate<Sample> which) {
    if (previous == null) {
      return Reading.absent("no previous scrape of " + node + " to take a rate of " + sampleName);
    }
    Duration dt = Duration.between(previous.at(), current.at());
    if (dt.toMillis() <= 0) {
      return Reading.absent("scrapes of " + node + " are not apart in time");
    }
    OptionalDouble now = sampleSum(current.exposition(), family, sampleName, which);
    OptionalDouble before = sampleSum(previous.exposition(), family, sampleName, which);
    if (now.isEmpty() || before.isEmpty()) {
      return Reading.absent(node + " does not export " + sampleName + " in both scrapes");
    }
    double delta = now.getAsDouble() - before.getAsDouble();
    if (delta < 0) {
      return Reading.absent(sampleName + " on " + node + " went backwards: the process restarted");
    }
    return Reading.of(delta / (dt.toMillis() / 1000.0), current.at(), "rate of " + source);
  }

  /** Mean of a summary's observations within the window: delta(sum) / delta(count). */
  Reading windowMean(String family, Predicate<Sample> which) {
    if (previous == null) {
      return Reading.absent("no previous scrape of " + node + " for the mean of " + family);
    }
    OptionalDouble sumNow = sampleSum(current.exposition(), family, family + "_sum", which);
    OptionalDouble sumBefore = sampleSum(previous.exposition(), family, family + "_sum", which);
    OptionalDouble countNow = sampleSum(current.exposition(), family, family + "_count", which);
    OptionalDouble countBefore = sampleSum(previous.exposition(), family, family + "_count", which);
    if (sumNow.isEmpty() || sumBefore.isEmpty() || countNow.isEmpty() || countBefore.isEmpty()) {
      return Reading.absent(node + " does not export " + family + " sum and count in both scrapes");
    }
    double count = countNow.getAsDouble() - countBefore.getAsDouble();
    if (count <= 0) {
      return Reading.absent("no " + family + " observations on " + node + " in the window");
    }
    return Reading.of(
        (sumNow.getAsDouble() - sumBefore.getAsDouble()) / count, current.at(), source);
  }

  /**
   * The largest value of quantile {@code q} across the summaries of {@code family} that match
   * {@code which} (for example one per journal). Summaries whose quantile is NaN had no
   * observations in their last rotation and are skipped.
   */
  Reading summaryQuantile(String family, double q, Predicate<Summary> which) {
    Optional<MetricFamily> f = current.exposition().family(family);
    if (f.isEmpty()) {
      return Reading.absent(node + " does not export " + family);
    }
    double best = Double.NaN;
    for (Summary s : f.get().summaries()) {
      if (!which.test(s)) {
        continue;
      }
      OptionalDouble v = s.quantile(q);
      if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
        best = Double.isNaN(best) ? v.getAsDouble() : Math.max(best, v.getAsDouble());
      }
    }
    return Double.isNaN(best)
        ? Reading.absent(node + " has no observations of " + family + " quantile " + q)
        : Reading.of(best, current.at(), source);
  }

  /**
   * Quantile {@code q} of a Pulsar name-encoded histogram (per-interval bucket counts in families
   * named {@code <base>_le_<bound>}), summed over every label set such as every topic.
   */
  Reading nameEncodedQuantile(String base, double q) {
    List<Bucket> merged = mergedBuckets(base);
    if (merged.isEmpty()) {
      return Reading.absent(node + " does not export " + base + " buckets");
    }
    double value = Histogram.estimateQuantile(q, merged);
    return Double.isFinite(value)
        ? Reading.of(value, current.at(), source)
        : Reading.absent("no " + base + " observations on " + node + " in the last stats interval");
  }

  /** The name-encoded histogram {@code base} summed over all label sets, cumulative buckets. */
  List<Bucket> mergedBuckets(String base) {
    List<Histogram> parts = decoder.decode(current.exposition(), base);
    if (parts.isEmpty()) {
      return List.of();
    }
    List<Bucket> first = parts.get(0).buckets();
    double[] bounds = new double[first.size()];
    double[] cumulative = new double[first.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = first.get(i).upperBound();
    }
    for (Histogram h : parts) {
      List<Bucket> b = h.buckets();
      if (b.size() != bounds.length) {
        continue; // a label set with a different layout cannot be merged; skip it
      }
      for (int i = 0; i < bounds.length; i++) {
        cumulative[i] += b.get(i).cumulativeCount();
      }
    }
    List<Bucket> out = new java.util.ArrayList<>(bounds.length);
    for (int i = 0; i < bounds.length; i++) {
      out.add(new Bucket(bounds[i], cumulative[i]));
    }
    return out;
  }

  private static OptionalDouble sampleSum(
      Exposition e, String family, String sampleName, Predicate<Sample> which) {
    Optional<MetricFamily> f = e.family(family);
    if (f.isEmpty() && family.endsWith("_total")) {
      // Client libraries differ on whether "# TYPE" names a counter with or without _total.
      f = e.family(family.substring(0, family.length() - "_total".length()));
    }
    if (f.isEmpty()) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    boolean any = false;
    for (Sample s : f.get().samples()) {
      if (s.name().equals(sampleName) && which.test(s) && Double.isFinite(s.value())) {
        sum += s.value();
        any = true;
      }
    }
    return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
