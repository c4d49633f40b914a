package io.tuneloop.tuning.knobs;

/**
 * How a knob's value is turned into a model input in [0, 1] over its catalog range. Fixed per knob
 * (and so identical on every cluster), because federated weights only mean the same thing when
 * every cluster encodes the same value the same way.
 */
public enum ModelScale {
  LINEAR,
  /** For ranges spanning orders of magnitude (bytes, milliseconds, replicas). */
  LOG;

  /** {@code value} mapped to [0, 1] over [min, max]; values outside the range are clamped. */
  public double encode(double value, double min, double max) {
    double v = Math.max(min, Math.min(max, value));
    if (max == min) {
      return 0.0;
    }
    return switch (this) {
      case LINEAR -> (v - min) / (max - min);
      case LOG -> (Math.log1p(v) - Math.log1p(min)) / (Math.log1p(max) - Math.log1p(min));
    };
  }
}
