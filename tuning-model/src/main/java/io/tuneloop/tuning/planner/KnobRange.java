package io.tuneloop.tuning.planner;

/** The range a BrokerCluster allows for one knob; inside the catalog range, never wider. */
public record KnobRange(double min, double max) {
  public KnobRange {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException("range [" + min + ", " + max + "] is not a range");
    }
  }

  public boolean contains(double value) {
    return value >= min && value <= max;
  }
}
