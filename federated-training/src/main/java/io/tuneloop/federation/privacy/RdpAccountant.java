package io.tuneloop.federation.privacy;

/**
 * Rényi differential privacy of the (Poisson-)subsampled Gaussian mechanism and its conversion to
 * (ε, δ). This is the accountant of DP-SGD and DP-FedAvg (Mironov 2017; Mironov, Talwar and Zhang
 * 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"), the same analysis as
 * TensorFlow Privacy's {@code compute_rdp} / {@code get_privacy_spent}, restricted to integer
 * orders, where the RDP has an exact finite binomial expansion. Integer orders give valid (if
 * marginally looser) bounds than the fractional ones TF Privacy adds.
 *
 * <p>Sensitivity is 1 in units of the clip bound: the noise multiplier σ is the Gaussian standard
 * deviation divided by the clip bound, and adjacency is adding or removing one cluster's update.
 */
public final class RdpAccountant {
  private RdpAccountant() {}

  /**
   * RDP ε(α) of one application of the sampled Gaussian mechanism.
   *
   * @param q the probability that a given cluster takes part in the round, in [0, 1]
   * @param sigma the noise multiplier, at least 0 (0 means no privacy: +infinity)
   * @param order the Rényi order α, an integer of at least 2
   */
  public static double rdp(double q, double sigma, double order) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("sampling rate q=" + q + " is outside [0, 1]");
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "noise multiplier sigma=" + sigma + " must be finite, >= 0");
    }
    if (order < 2 || order != Math.rint(order) || order > 4096) {
      throw new IllegalArgumentException(
          "Renyi order " + order + " must be an integer in [2, 4096]");
    }
    if (q == 0) {
      return 0;
    }
    if (sigma == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (q == 1) {
      // The plain Gaussian mechanism: D_α(N(1, σ²) || N(0, σ²)) = α / (2σ²).
      return order / (2 * sigma * sigma);
    }
    return logA(q, sigma, (int) order) / (order - 1);
  }

  /** RDP of {@code steps} compositions: RDP adds up. */
  public static double rdp(double q, double sigma, double order, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps=" + steps + " must not be negative");
    }
    return steps == 0 ? 0 : rdp(q, sigma, order) * steps;
  }

  /**
   * log A_α with A_α = E_{z~N(0,σ²)}[((1-q) + q·exp((2z-1)/(2σ²)))^α], expanded binomially: Σ_i
   * C(α,i) q^i (1-q)^(α-i) exp((i²-i)/(2σ²)), summed in log space.
   */
  static double logA(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigmaSq = 2 * sigma * sigma;
    double logBinom = 0; // log C(alpha, 0)
    double acc = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= alpha; i++) {
      if (i > 0) {
        logBinom += Math.log(alpha - i + 1) - Math.log(i);
      }
      double term = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigmaSq;
      acc = logAdd(acc, term);
    }
    return acc;
  }

  /**
   * The tightest ε over the given orders for target δ, using the conversion of Canonne, Kamath and
   * Steinke 2020 (Proposition 12 of arXiv:2004.00010 v4, also Balle et al. 2020): ε = r +
   * log((α-1)/α) - (log δ + log α)/(α-1), and ε = 0 when δ already bounds the divergence (δ² +
   * expm1(-r) > 0).
   *
   * @return ε (0 or more, +infinity when no order gives a finite bound) and the order attaining it
   */
  public static PrivacySpent epsilon(double[] orders, double[] rdp, double delta) {
    if (orders.length != rdp.length || orders.length == 0) {
      throw new IllegalArgumentException(
          orders.length + " orders but " + rdp.length + " RDP values; expected equal, at least 1");
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta=" + delta + " is outside (0, 1)");
    }
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = orders[0];
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      double r = rdp[i];
      if (!(a >= 1)) {
        throw new IllegalArgumentException("Renyi order " + a + " is below 1");
      }
      if (!(r >= 0)) {
        throw new IllegalArgumentException("RDP value " + r + " at order " + a + " is negative");
      }
      double eps;
      if (delta * delta + Math.expm1(-r) > 0) {
        eps = 0; // δ >= sqrt(1 - exp(-KL)) already, via the KL (order-1) bound.
      } else if (a > 1.01) {
        eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
      } else {
        eps = Double.POSITIVE_INFINITY; // Numerically unstable near 1 and useless there.
      }
      if (eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new PrivacySpent(Math.max(0, best), delta, bestOrder);
  }

  private static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (hi == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }
}
