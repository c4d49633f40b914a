package io.tuneloop.telemetry.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One histogram series: cumulative buckets sorted by upper bound, plus the observation sum and
 * count ({@code NaN} when the exposition did not carry them).
 *
 * <p>Contract: bucket upper bounds are strictly increasing. Counts are taken as given; {@link
 * #quantile(double)} repairs non-monotonic counts the way Prometheus does.
 */
public record Histogram(Labels labels, List<Bucket> buckets, double sum, double count) {

  public Histogram {
    Objects.requireNonNull(labels, "labels");
    buckets = List.copyOf(buckets);
    for (int i = 1; i < buckets.size(); i++) {
      if (!(buckets.get(i).upperBound() > buckets.get(i - 1).upperBound())) {
        throw new IllegalArgumentException(
            "bucket upper bounds must increase strictly, got "
                + buckets.get(i - 1).upperBound()
                + " then "
                + buckets.get(i).upperBound());
      }
    }
  }

  /**
   * Estimates the {@code q}-quantile exactly as PromQL's {@code histogram_quantile} does.
   *
   * @see #estimateQuantile(double, List)
   */
  public double quantile(double q) {
    return estimateQuantile(q, buckets);
  }

  /** The mean observation, {@code sum / count}; NaN when either is missing or count is 0. */
  public double mean() {
    return count > 0 ? sum / count : Double.NaN;
  }

  /** The number of observations: {@code count}, or the {@code +Inf} bucket when count is NaN. */
  public double observations() {
    if (!Double.isNaN(count)) {
      return count;
    }
    if (!buckets.isEmpty()
        && buckets.get(buckets.size() - 1).upperBound() == Double.POSITIVE_INFINITY) {
      return buckets.get(buckets.size() - 1).cumulativeCount();
    }
    return Double.NaN;
  }

  /**
   * PromQL's {@code histogram_quantile} over cumulative buckets sorted by upper bound: linear
   * interpolation inside the bucket that holds the rank {@code q * observations}, assuming the
   * first bucket starts at 0 (or is returned as is when its bound is not positive), and returning
   * the highest finite bound when the rank falls into the {@code +Inf} bucket.
   *
   * <p>Results follow Prometheus: {@code NaN} for {@code q = NaN}, {@code -Inf} for {@code q < 0},
   * {@code +Inf} for {@code q > 1}, and {@code NaN} when there are fewer than two buckets, the last
   * bound is not {@code +Inf}, or there are no observations. Counts that decrease with the bound
   * (which happens when buckets are scraped at slightly different moments) are raised to their
   * predecessor first.
   */
  public static double estimateQuantile(double q, List<Bucket> sortedBuckets) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    int n = sortedBuckets.size();
    if (n < 2 || sortedBuckets.get(n - 1).upperBound() != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    double[] bounds = new double[n];
    double[] counts = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      Bucket b = sortedBuckets.get(i);
      bounds[i] = b.upperBound();
      // Monotonic repair, as Prometheus's ensureMonotonic does.
      max = Math.max(max, b.cumulativeCount());
      counts[i] = max;
    }
    double observations = counts[n - 1];
    if (observations == 0 || Double.isNaN(observations)) {
      return Double.NaN;
    }
    double rank = q * observations;
    // First bucket among all but the +Inf one whose count reaches the rank; n - 1 when none does.
    int b = n - 1;
    for (int i = 0; i < n - 1; i++) {
      if (counts[i] >= rank) {
        b = i;
        break;
      }
    }
    if (b == n - 1) {
      return bounds[n - 2];
    }
    if (b == 0 && bounds[0] <= 0) {
      return bounds[0];
    }
    double bucketStart = 0;
    double bucketEnd = bounds[b];
    double count = counts[b];
    if (b > 0) {
      bucketStart = bounds[b - 1];
      count -= counts[b - 1];
      rank -= counts[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /**
   * Builds cumulative buckets from per-bucket (non-cumulative) counts, such as Pulsar's
   * name-encoded buckets. {@code upperBounds} must be strictly increasing.
   */
  public static List<Bucket> cumulative(double[] upperBounds, double[] perBucketCounts) {
    if (upperBounds.length != perBucketCounts.length) {
      throw new IllegalArgumentException(
          upperBounds.length + " upper bounds but " + perBucketCounts.length + " counts");
    }
    List<Bucket> out = new ArrayList<>(upperBounds.length);
    double running = 0;
    for (int i = 0; i < upperBounds.length; i++) {
      running += perBucketCounts[i];
      out.add(new Bucket(upperBounds[i], running));
    }
    return out;
  }
}
