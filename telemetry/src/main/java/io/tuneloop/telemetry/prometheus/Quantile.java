package io.tuneloop.telemetry.prometheus;

/** One precomputed summary quantile: {@code quantile} in [0, 1] and its observed value. */
public record Quantile(double quantile, double value) {

  public Quantile {
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile=" + quantile + " is outside [0, 1]");
    }
  }
}
