package io.tuneloop.federation.learning;

/** Sample mean, standard deviation and kurtosis. */
public record Moments(double mean, double sd, double kurtosis) {
  public static Moments of(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double m2 = 0;
    double m4 = 0;
    for (double v : x) {
      double dv = v - mean;
      m2 += dv * dv;
      m4 += dv * dv * dv * dv;
    }
    m2 /= x.length;
    m4 /= x.length;
    return new Moments(mean, Math.sqrt(m2), m4 / (m2 * m2));
  }
}
