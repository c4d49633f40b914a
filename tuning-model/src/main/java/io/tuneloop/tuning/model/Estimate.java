package io.tuneloop.tuning.model;

/**
 * A predicted value with its uncertainty: the ensemble mean and the spread (standard deviation
 * across members), both in the target's raw unit.
 */
public record Estimate(double mean, double spread) {

  public Estimate {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("estimate mean " + mean + " is not finite");
    }
    if (!Double.isFinite(spread) || spread < 0) {
      throw new IllegalArgumentException("estimate spread " + spread + " must be finite and >= 0");
    }
  }

  public static Estimate exact(double value) {
    return new Estimate(value, 0);
  }

  /** {@code mean + kappa * spread}: the pessimistic bound for a "lower is better" target. */
  public double upper(double kappa) {
    return mean + kappa * spread;
  }

  /** {@code mean - kappa * spread}: the pessimistic bound for a "higher is better" target. */
  public double lower(double kappa) {
    return mean - kappa * spread;
  }
}
