package io.tuneloop.federation.aggregation;

import java.util.List;

/**
 * Turns one round's accepted updates into the change applied to the baseline.
 *
 * <p>Contract: every contribution has exactly {@code dimension} finite values; the list is not
 * empty. The result has {@code dimension} finite values and does not depend on the order of the
 * list beyond floating-point rounding (and, for noisy rules, the random draws).
 */
public interface AggregationRule {
  /** A short name recorded in the baseline's lineage, e.g. {@code trimmed-mean(0.2)}. */
  String method();

  /** The per-update L2 bound the rule enforces; +infinity when it enforces none. */
  double clipBound();

  /** Gaussian noise standard deviation over the clip bound; 0 when the rule adds no noise. */
  double noiseMultiplier();

  /** The fewest contributions the rule can work with. */
  int minimumContributions();

  Aggregate aggregate(List<Contribution> contributions, int dimension);

  /** Shared precondition check, so every rule refuses bad input the same way. */
  static void requireShape(List<Contribution> contributions, int dimension, int minimum) {
    if (contributions.size() < minimum) {
      throw new IllegalArgumentException(
          contributions.size() + " contributions, this rule needs at least " + minimum);
    }
    for (Contribution c : contributions) {
      if (c.delta().length != dimension) {
        throw new IllegalArgumentException(
            "contribution from "
                + c.clusterId()
                + " has "
                + c.delta().length
                + " parameters, expected "
                + dimension);
      }
    }
  }
}
