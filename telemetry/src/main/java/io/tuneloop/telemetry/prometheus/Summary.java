package io.tuneloop.telemetry.prometheus;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One summary series: its precomputed quantiles sorted by quantile, plus the observation sum and
 * count ({@code NaN} when the exposition did not carry them).
 */
public record Summary(Labels labels, List<Quantile> quantiles, double sum, double count) {

  public Summary {
    Objects.requireNonNull(labels, "labels");
    quantiles = List.copyOf(quantiles);
    for (int i = 1; i < quantiles.size(); i++) {
      if (!(quantiles.get(i).quantile() > quantiles.get(i - 1).quantile())) {
        throw new IllegalArgumentException(
            "summary quantiles must increase strictly, got "
                + quantiles.get(i - 1).quantile()
                + " then "
                + quantiles.get(i).quantile());
      }
    }
  }

  /**
   * The value the exporter reported for exactly this quantile (e.g. {@code 0.99}); empty when it
   * did not report it. Summaries cannot be interpolated, so no estimate is made.
   */
  public OptionalDouble quantile(double q) {
    for (Quantile quantile : quantiles) {
      if (quantile.quantile() == q) {
        return OptionalDouble.of(quantile.value());
      }
    }
    return OptionalDouble.empty();
  }

  /** The mean observation, {@code sum / count}; NaN when either is missing or count is 0. */
  public double mean() {
    return count > 0 ? sum / count : Double.NaN;
  }
}
