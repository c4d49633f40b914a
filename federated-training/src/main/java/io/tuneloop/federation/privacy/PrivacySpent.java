package io.tuneloop.federation.privacy;

/**
 * An (ε, δ) guarantee and the Rényi order that gave it.
 *
 * @param epsilon at least 0; +infinity when nothing is guaranteed (no noise)
 * @param delta in (0, 1)
 * @param order the Rényi order at which the conversion was tightest
 */
public record PrivacySpent(double epsilon, double delta, double order) {
  public PrivacySpent {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon=" + epsilon + " must be >= 0");
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta=" + delta + " is outside (0, 1)");
    }
  }
}
