package io.tuneloop.federation.privacy;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * The cumulative RDP curve of every noisy round so far. It travels inside each baseline's lineage,
 * so an aggregator that restarts, or a new aggregator, keeps composing instead of starting at zero.
 *
 * @param orders the Rényi orders, integers of at least 2, strictly increasing
 * @param rdp the cumulative RDP at each order (non-negative, +infinity once a round had no noise)
 * @param rounds how many rounds have been composed
 */
public record PrivacyLedger(double[] orders, double[] rdp, long rounds) {

  /** Orders 2..64, then coarser up to 1024: small ε is tightest at large orders. */
  public static final double[] DEFAULT_ORDERS =
      DoubleStream.concat(
              IntStream.rangeClosed(2, 64).asDoubleStream(),
              DoubleStream.of(80, 96, 128, 192, 256, 384, 512, 768, 1024))
          .toArray();

  public PrivacyLedger {
    orders = orders.clone();
    rdp = rdp.clone();
    if (orders.length == 0 || orders.length != rdp.length) {
      throw new IllegalArgumentException(
          orders.length + " orders but " + rdp.length + " RDP values; expected equal, at least 1");
    }
    for (int i = 0; i < orders.length; i++) {
      if (orders[i] < 2 || orders[i] != Math.rint(orders[i]) || orders[i] > 4096) {
        throw new IllegalArgumentException(
            "Renyi order " + orders[i] + " must be an integer in [2, 4096]");
      }
      if (i > 0 && orders[i] <= orders[i - 1]) {
        throw new IllegalArgumentException(
            "Renyi orders must increase: " + Arrays.toString(orders));
      }
      if (!(rdp[i] >= 0)) {
        throw new IllegalArgumentException("RDP " + rdp[i] + " at order " + orders[i] + " < 0");
      }
    }
    if (rounds < 0) {
      throw new IllegalArgumentException("rounds=" + rounds + " must not be negative");
    }
  }

  public static PrivacyLedger empty() {
    return new PrivacyLedger(DEFAULT_ORDERS, new double[DEFAULT_ORDERS.length], 0);
  }

  /** This ledger plus one round of the sampled Gaussian mechanism. */
  public PrivacyLedger compose(double samplingRate, double noiseMultiplier) {
    double[] next = rdp.clone();
    for (int i = 0; i < orders.length; i++) {
      next[i] += RdpAccountant.rdp(samplingRate, noiseMultiplier, orders[i]);
    }
    return new PrivacyLedger(orders, next, rounds + 1);
  }

  public PrivacySpent spent(double delta) {
    return RdpAccountant.epsilon(orders, rdp, delta);
  }

  @Override
  public double[] orders() {
    return orders.clone();
  }

  @Override
  public double[] rdp() {
    return rdp.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivacyLedger l
        && rounds == l.rounds
        && Arrays.equals(orders, l.orders)
        && Arrays.equals(rdp, l.rdp);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(orders) * 31 + Arrays.hashCode(rdp) + Long.hashCode(rounds);
  }

  @Override
  public String toString() {
    return "PrivacyLedger[rounds=" + rounds + ", orders=" + orders.length + "]";
  }
}
