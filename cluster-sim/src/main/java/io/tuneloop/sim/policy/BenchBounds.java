package io.tuneloop.sim.policy;

/**
 * Replica limits every policy in a benchmark obeys, so that no policy wins by being allowed more
 * (or fewer) pods. Bookies never go below three: with a write quorum of two, one bookie must be
 * able to fail (KAAP's {@code minWritableBookies} is also three).
 */
public record BenchBounds(int minBrokers, int maxBrokers, int minBookies, int maxBookies) {
  public BenchBounds {
    if (minBrokers < 1 || maxBrokers < minBrokers) {
      throw new IllegalArgumentException(
          "broker bounds [" + minBrokers + ", " + maxBrokers + "] must satisfy 1 <= min <= max");
    }
    if (minBookies < 1 || maxBookies < minBookies) {
      throw new IllegalArgumentException(
          "bookie bounds [" + minBookies + ", " + maxBookies + "] must satisfy 1 <= min <= max");
    }
  }

  public static BenchBounds standard() {
    return new BenchBounds(1, 40, 3, 40);
  }

  public int clampBrokers(int n) {
    return Math.max(minBrokers, Math.min(maxBrokers, n));
  }

  public int clampBookies(int n) {
    return Math.max(minBookies, Math.min(maxBookies, n));
  }
}
