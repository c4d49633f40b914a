package io.tuneloop.telemetry.snapshot;

import java.util.Arrays;

/**
 * Histogram of message (entry) sizes across the cluster for one window, as Pulsar reports it in
 * {@code pulsar_entry_size_le_*}: {@code upperBoundsBytes[i]} is the inclusive upper bound of
 * bucket i (the last one may be {@code +Inf}), {@code counts[i]} the entries in that bucket (not
 * cumulative). {@code meanBytes} comes from bytes-in over messages-in, which is exact where the
 * buckets are coarse.
 */
public record MessageSizeDistribution(double[] upperBoundsBytes, long[] counts, Reading meanBytes) {

  public MessageSizeDistribution {
    if (upperBoundsBytes.length != counts.length) {
      throw new IllegalArgumentException(
          "bucket bounds ("
              + upperBoundsBytes.length
              + ") and counts ("
              + counts.length
              + ") differ in length");
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("bucket " + i + " has negative count " + counts[i]);
      }
      if (i > 0 && !(upperBoundsBytes[i] > upperBoundsBytes[i - 1])) {
        throw new IllegalArgumentException(
            "bucket bounds must increase, got " + Arrays.toString(upperBoundsBytes));
      }
    }
    upperBoundsBytes = upperBoundsBytes.clone();
    counts = counts.clone();
  }

  /** Mean message size from total bytes in over total messages in; absent when nothing came in. */
  public static Reading meanBytes(Reading messagesIn, Reading bytesIn) {
    if (!messagesIn.isPresent() || !bytesIn.isPresent() || messagesIn.value() <= 0) {
      return Reading.absent("no messages in over the window");
    }
    return Reading.of(
        bytesIn.value() / messagesIn.value(), messagesIn.observedAt(), "bytes in over messages in");
  }

  public static MessageSizeDistribution unknown(String reason) {
    return new MessageSizeDistribution(new double[0], new long[0], Reading.absent(reason));
  }

  @Override
  public double[] upperBoundsBytes() {
    return upperBoundsBytes.clone();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  public long total() {
    return Arrays.stream(counts).sum();
  }

  /**
   * Fraction of entries above {@code bytes}, counting a bucket as above only when its lower bound
   * is at least {@code bytes}; absent when there are no counts.
   */
  public Reading fractionAbove(double bytes, java.time.Instant at, String source) {
    long total = total();
    if (total == 0) {
      return Reading.absent("no message size counts");
    }
    long above = 0;
    for (int i = 0; i < counts.length; i++) {
      double lower = i == 0 ? 0 : upperBoundsBytes[i - 1];
      if (lower >= bytes) {
        above += counts[i];
      }
    }
    return Reading.of((double) above / total, at, source);
  }

  /** Quantile by bucket upper bound (conservative); absent when there are no counts. */
  public Reading quantileUpperBound(double q, java.time.Instant at, String source) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile " + q + " is outside [0, 1]");
    }
    long total = total();
    if (total == 0) {
      return Reading.absent("no message size counts");
    }
    double rank = q * total;
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank && counts[i] > 0) {
        double bound = upperBoundsBytes[i];
        // The overflow bucket has no finite bound; its lower bound is the best we know.
        return Reading.of(
            Double.isInfinite(bound) && i > 0 ? upperBoundsBytes[i - 1] : bound, at, source);
      }
    }
    return Reading.of(upperBoundsBytes[counts.length - 1], at, source);
  }
}
