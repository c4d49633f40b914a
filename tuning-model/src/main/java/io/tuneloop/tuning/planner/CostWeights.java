package io.tuneloop.tuning.planner;

/**
 * Prices the planner minimises: pod-hours of brokers and bookies over the planning horizon, plus a
 * price per unit of disruption (see {@code Action.disruptionUnits}). Units are whatever the CR uses
 * (currency or plain pod-hours), as long as they are consistent.
 */
public record CostWeights(
    double brokerPodHour, double bookiePodHour, double disruptionUnit, double horizonHours) {
  public CostWeights {
    requireNonNegative("brokerPodHour", brokerPodHour);
    requireNonNegative("bookiePodHour", bookiePodHour);
    requireNonNegative("disruptionUnit", disruptionUnit);
    if (!(horizonHours > 0) || !Double.isFinite(horizonHours)) {
      throw new IllegalArgumentException("horizonHours=" + horizonHours + " must be > 0");
    }
  }

  /** One unit per pod-hour, one per disruption unit, a one-hour horizon. */
  public static CostWeights podHours() {
    return new CostWeights(1, 1, 1, 1);
  }

  private static void requireNonNegative(String name, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + "=" + v + " must be a finite number >= 0");
    }
  }
}
