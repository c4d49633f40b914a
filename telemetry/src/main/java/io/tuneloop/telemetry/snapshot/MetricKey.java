package io.tuneloop.telemetry.snapshot;

/** A per-node measurement with its unit, shared by broker and bookie metrics. */
public interface MetricKey {
  /** Stable snake_case identifier used in exports and feature names. */
  String id();

  /** Unit of the value, for example {@code ms}, {@code msg/s}, {@code bytes}, {@code ratio}. */
  String unit();
}
