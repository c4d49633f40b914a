package io.tuneloop.federation.clip;

/**
 * Scales a vector down so its Euclidean norm is at most a bound, and leaves shorter vectors alone.
 * This bound is what makes one cluster's influence on the baseline limited, and what the DP noise
 * is calibrated to.
 */
public final class L2Clip {
  private final double bound;

  /**
   * @param bound the largest allowed L2 norm; {@code +Infinity} disables clipping
   */
  public L2Clip(double bound) {
    if (!(bound > 0)) {
      throw new IllegalArgumentException("clip bound=" + bound + " must be positive");
    }
    this.bound = bound;
  }

  public double bound() {
    return bound;
  }

  public boolean unbounded() {
    return Double.isInfinite(bound);
  }

  /** The factor {@link #apply} multiplies by: 1 when the norm is within the bound. */
  public double scaleFor(double norm) {
    return norm > bound ? bound / norm : 1.0;
  }

  /** A clipped copy; the input is not changed. */
  public float[] apply(float[] v) {
    double scale = scaleFor(norm(v));
    float[] out = v.clone();
    if (scale < 1.0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (out[i] * scale);
      }
    }
    return out;
  }

  /** Euclidean norm, accumulated in double precision. */
  public static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /** Euclidean norm of a double vector. */
  public static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
