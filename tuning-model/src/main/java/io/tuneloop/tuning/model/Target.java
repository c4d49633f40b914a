package io.tuneloop.tuning.model;

/**
 * What the performance model predicts for the window that shows a decision's outcome (in the
 * operator, the window after the change settled; in the benchmark and the pre-training fleet, the
 * next one), in raw units.
 */
public enum Target {
  /** Highest broker p99 publish latency, milliseconds. */
  P99_PUBLISH_LATENCY_MS("p99 publish latency", "ms"),
  /**
   * Highest CPU utilisation of any broker or bookie, ratio in [0, 1] (may exceed 1 when capped).
   */
  PEAK_CPU_UTILISATION("peak CPU utilisation", "ratio"),
  /**
   * Spare throughput: {@code 1 - load / capacity} of the tightest resource. 0.4 means the cluster
   * could take 40% of its capacity more; negative means it is already losing throughput.
   */
  THROUGHPUT_HEADROOM("throughput headroom", "ratio");

  private final String label;
  private final String unit;

  Target(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  /**
   * The raw value as the model sees it before normalisation: latency spans orders of magnitude and
   * is learned as {@code log1p(ms)}; ratios are used as they are.
   */
  public double toModelScale(double raw) {
    return this == P99_PUBLISH_LATENCY_MS ? Math.log1p(Math.max(0, raw)) : raw;
  }

  /** Inverse of {@link #toModelScale}. */
  public double fromModelScale(double scaled) {
    return this == P99_PUBLISH_LATENCY_MS ? Math.expm1(scaled) : scaled;
  }
}
