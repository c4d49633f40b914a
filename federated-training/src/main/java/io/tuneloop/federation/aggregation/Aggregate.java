package io.tuneloop.federation.aggregation;

/**
 * What a rule produced for one round.
 *
 * @param delta the change to add to the baseline
 * @param noiseStddev standard deviation of the Gaussian noise in each coordinate of {@code delta};
 *     0 when the rule adds none
 * @param clipped how many contributions the rule scaled down to its norm bound
 */
public record Aggregate(double[] delta, double noiseStddev, int clipped) {
  public Aggregate {
    if (!(noiseStddev >= 0)) {
      throw new IllegalArgumentException("noiseStddev=" + noiseStddev + " must be >= 0");
    }
  }
}
