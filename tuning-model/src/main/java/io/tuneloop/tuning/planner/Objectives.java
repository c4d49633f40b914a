package io.tuneloop.tuning.planner;

import java.util.Objects;

/**
 * What "good" means for one cluster.
 *
 * @param sloP99Ms the p99 publish latency objective; a candidate is feasible only when predicted
 *     p99 + kappa * spread stays at or below it
 * @param utilisationTarget peak CPU utilisation (mean + kappa * spread) must stay at or below it
 * @param minHeadroom throughput headroom (mean - kappa * spread) must stay at or above it
 * @param kappa how many spreads of pessimism a prediction gets
 * @param minGain a change must save at least this much cost (or fix a violation) to beat doing
 *     nothing; below it the gain is treated as noise
 */
public record Objectives(
    double sloP99Ms,
    double utilisationTarget,
    double minHeadroom,
    double kappa,
    double minGain,
    CostWeights costWeights) {

  public Objectives {
    if (!(sloP99Ms > 0) || !Double.isFinite(sloP99Ms)) {
      throw new IllegalArgumentException("sloP99Ms=" + sloP99Ms + " must be > 0");
    }
    if (!(utilisationTarget > 0 && utilisationTarget <= 1)) {
      throw new IllegalArgumentException(
          "utilisationTarget=" + utilisationTarget + " is outside (0, 1]");
    }
    if (!(minHeadroom >= -1 && minHeadroom < 1)) {
      throw new IllegalArgumentException("minHeadroom=" + minHeadroom + " is outside [-1, 1)");
    }
    if (!(kappa >= 0) || !Double.isFinite(kappa)) {
      throw new IllegalArgumentException("kappa=" + kappa + " must be a finite number >= 0");
    }
    if (!(minGain >= 0) || !Double.isFinite(minGain)) {
      throw new IllegalArgumentException("minGain=" + minGain + " must be a finite number >= 0");
    }
    Objects.requireNonNull(costWeights, "costWeights");
  }

  /** An SLO and utilisation target with defaults: no headroom floor, kappa 1, min gain 0.1. */
  public static Objectives of(double sloP99Ms, double utilisationTarget) {
    return new Objectives(sloP99Ms, utilisationTarget, 0.0, 1.0, 0.1, CostWeights.podHours());
  }
}
