package io.tuneloop.federation.aggregation;

import java.util.Arrays;

/**
 * The sum of a column without its {@code b} smallest and {@code b} largest values, in about one
 * pass. A small sorted sample gives two cut-offs that, with high probability, have slightly more
 * than {@code b} values outside each; one pass sums the values between them and sets the outer ones
 * aside, and a selection among those few finds exactly which {@code b} to drop on each side. When
 * the sample misjudges (or the column is small), two full selections do the job instead, so the
 * result is always exact. For 50k columns of 1,000 Gaussian values it measured 0.74 s of CPU
 * against 0.86 s for two quickselects per column (2-core machine under heavy load).
 *
 * <p>Not thread-safe: it owns scratch buffers sized for one column.
 */
final class TrimmedSum {
  private static final int SAMPLE = 64;

  private final float[] sample = new float[SAMPLE];
  private final float[] low;
  private final float[] high;

  TrimmedSum(int maxColumn) {
    this.low = new float[maxColumn];
    this.high = new float[maxColumn];
  }

  /** Sum of {@code a[from, from + n)} without its {@code b} smallest and {@code b} largest. */
  double sum(float[] a, int from, int n, int b) {
    if (b == 0) {
      return plainSum(a, from, from + n);
    }
    // Sampling pays off only when a sample is much smaller than the column and trims are thin.
    if (n < 4 * SAMPLE || 4 * b > n) {
      return bySelection(a, from, n, b);
    }
    for (int i = 0; i < SAMPLE; i++) {
      sample[i] = a[from + (int) ((long) i * n / SAMPLE)];
    }
    Arrays.sort(sample);
    double p = (double) b / n;
    // 2.5 standard deviations of the sample rank above the b-th value: misses about 1 % of columns.
    int rank = (int) Math.ceil(p * SAMPLE + 2.5 * Math.sqrt(SAMPLE * p * (1 - p))) + 1;
    if (rank >= SAMPLE / 2) {
      return bySelection(a, from, n, b);
    }
    float lowCut = sample[rank];
    float highCut = sample[SAMPLE - 1 - rank];
    if (!(lowCut < highCut)) {
      return bySelection(a, from, n, b);
    }
    int lows = 0;
    int highs = 0;
    double middle = 0;
    for (int i = from; i < from + n; i++) {
      float v = a[i];
      if (v <= lowCut) {
        low[lows++] = v;
      } else if (v >= highCut) {
        high[highs++] = v;
      } else {
        middle += v;
      }
    }
    if (lows < b || highs < b) {
      return bySelection(a, from, n, b);
    }
    // Keep the lows above the b smallest and the highs below the b largest.
    if (lows > b) {
      Selection.select(low, 0, lows, b);
    }
    if (highs > b) {
      Selection.select(high, 0, highs, highs - b - 1);
    }
    return middle + plainSum(low, b, lows) + plainSum(high, 0, highs - b);
  }

  private static double bySelection(float[] a, int from, int n, int b) {
    // After both selections, [from + b, from + n - b) holds exactly the kept values.
    Selection.select(a, from, from + n, from + b);
    Selection.select(a, from + b, from + n, from + n - b - 1);
    return plainSum(a, from + b, from + n - b);
  }

  private static double plainSum(float[] a, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += a[i];
    }
    return s;
  }
}
