package io.tuneloop.telemetry.features;

/**
 * The fixed transform from a raw reading to a model input. It is part of the schema (and its
 * fingerprint) because weights averaged across clusters only mean the same thing when every cluster
 * transforms its inputs the same way.
 */
public enum Scaling {
  /** Used as is: ratios in [0, 1] and small counts. */
  IDENTITY,
  /**
   * Sign-preserving {@code log1p}: rates, bytes and latencies span orders of magnitude between a
   * test cluster and a 50k msg/s one.
   */
  LOG1P;

  public double apply(double raw) {
    return switch (this) {
      case IDENTITY -> raw;
      case LOG1P -> Math.copySign(Math.log1p(Math.abs(raw)), raw);
    };
  }

  public double invert(double scaled) {
    return switch (this) {
      case IDENTITY -> scaled;
      case LOG1P -> Math.copySign(Math.expm1(Math.abs(scaled)), scaled);
    };
  }
}
