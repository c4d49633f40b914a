package io.tuneloop.telemetry.prometheus;

/**
 * One cumulative histogram bucket: how many observations were less than or equal to {@code
 * upperBound}. The last bucket of a complete histogram has {@code upperBound = +Inf}.
 */
public record Bucket(double upperBound, double cumulativeCount) {

  public Bucket {
    if (Double.isNaN(upperBound)) {
      throw new IllegalArgumentException("bucket upper bound is NaN, expected a number or +Inf");
    }
  }
}
