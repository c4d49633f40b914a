package io.tuneloop.tuning.planner;

/**
 * The planner's price of a candidate: pod-hours over the horizon plus disruption, each already
 * weighted, and their sum.
 */
public record Cost(double podHours, double disruption, double total) {
  public Cost {
    if (!Double.isFinite(podHours)
        || !Double.isFinite(disruption)
        || podHours < 0
        || disruption < 0) {
      throw new IllegalArgumentException(
          "cost parts must be finite and >= 0, got podHours="
              + podHours
              + " disruption="
              + disruption);
    }
    if (Math.abs(total - (podHours + disruption)) > 1e-9 * Math.max(1, Math.abs(total))) {
      throw new IllegalArgumentException(
          "total " + total + " is not podHours + disruption = " + (podHours + disruption));
    }
  }

  public static Cost of(double podHours, double disruption) {
    return new Cost(podHours, disruption, podHours + disruption);
  }
}
