package io.tuneloop.telemetry.snapshot;

import java.util.function.DoubleBinaryOperator;

/** How per-node readings combine into one cluster-level value. */
public enum Aggregation {
  SUM((a, b) -> a + b),
  MAX(Math::max),
  MIN(Math::min),
  MEAN((a, b) -> a + b);

  private final DoubleBinaryOperator combine;

  Aggregation(DoubleBinaryOperator combine) {
    this.combine = combine;
  }

  double combine(double a, double b) {
    return combine.applyAsDouble(a, b);
  }
}
