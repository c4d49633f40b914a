package io.tuneloop.federation.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpAccountantTest {

  @Test
  void withoutSubsamplingItIsTheGaussianMechanismExactly() {
    // D_α(N(1,σ²) || N(0,σ²)) = α / (2σ²).
    for (double sigma : new double[] {0.5, 1, 1.1, 4}) {
      for (int alpha : new int[] {2, 3, 10, 64, 1024}) {
        assertThat(RdpAccountant.rdp(1.0, sigma, alpha)).isEqualTo(alpha / (2 * sigma * sigma));
      }
    }
  }

  /**
   * The binomial expansion must agree with the definition: A_α = E_{z~N(0,σ²)}[((1-q) +
   * q·exp((2z-1)/(2σ²)))^α], integrated numerically (trapezoid rule, exponentially accurate for
   * this smooth, fast-decaying integrand), computing A_α - 1 directly so tiny values keep digits.
   */
  @ParameterizedTest
  @CsvSource({
    "0.01, 2.5, 5",
    "0.01, 2.5, 50",
    "0.1, 1.0, 8",
    "0.5, 0.8, 3",
    "0.001, 4.0, 32",
    "0.05, 1.5, 16",
    "0.9, 2.0, 12"
  })
  void agreesWithTheIntegralDefinition(double q, double sigma, int alpha) {
    double expected = Math.log1p(integralOfAMinusOne(q, sigma, alpha)) / (alpha - 1);
    assertThat(RdpAccountant.rdp(q, sigma, alpha))
        .isCloseTo(expected, within(1e-7 * expected + 1e-15));
  }

  /**
   * Values from TensorFlow Privacy's own test of {@code compute_rdp(q=0.01, noise_multiplier=2.5,
   * steps=50, orders)} (rdp_accountant_test.py, test_compute_rdp_sequence), at its integer orders;
   * the order-5 and order-50 values are also checked against the integral above.
   */
  @Test
  void matchesTensorFlowPrivacyReferenceValues() {
    assertThat(RdpAccountant.rdp(0.01, 2.5, 5, 50)).isCloseTo(0.00218075, within(1e-5));
    assertThat(RdpAccountant.rdp(0.01, 2.5, 50, 50)).isCloseTo(0.023846, within(1e-5));
    assertThat(RdpAccountant.rdp(0.01, 2.5, 100, 50)).isCloseTo(167.416307, within(1e-5));
  }

  @Test
  void composesLinearlyAndHasTheObviousLimits() {
    assertThat(RdpAccountant.rdp(0.02, 1.2, 7, 300))
        .isEqualTo(300 * RdpAccountant.rdp(0.02, 1.2, 7));
    assertThat(RdpAccountant.rdp(0, 1.0, 7)).isZero();
    assertThat(RdpAccountant.rdp(0.3, 0, 7)).isInfinite();
    // More noise or less sampling never costs more privacy.
    assertThat(RdpAccountant.rdp(0.1, 2, 10)).isLessThan(RdpAccountant.rdp(0.1, 1, 10));
    assertThat(RdpAccountant.rdp(0.05, 1, 10)).isLessThan(RdpAccountant.rdp(0.1, 1, 10));
    assertThat(RdpAccountant.rdp(0.1, 1, 10)).isLessThan(RdpAccountant.rdp(1.0, 1, 10));
  }

  @Test
  void refusesNonIntegerOrdersAndBadParameters() {
    assertThatThrownBy(() -> RdpAccountant.rdp(0.1, 1, 2.5)).hasMessageContaining("order 2.5");
    assertThatThrownBy(() -> RdpAccountant.rdp(1.5, 1, 2)).hasMessageContaining("q=1.5");
    assertThatThrownBy(() -> RdpAccountant.rdp(0.5, -1, 2)).hasMessageContaining("sigma=-1.0");
  }

  /**
   * With a constant RDP curve (pure DP) the largest order wins, and ε follows the conversion
   * formula exactly; the same case TF Privacy tests in test_get_privacy_spent_check_target_delta.
   */
  @Test
  void convertsAConstantCurveAtTheLargestOrder() {
    double[] orders = IntStream.rangeClosed(2, 32).asDoubleStream().toArray();
    double[] rdp = new double[orders.length];
    java.util.Arrays.fill(rdp, 1.1);
    PrivacySpent spent = RdpAccountant.epsilon(orders, rdp, 1e-5);
    assertThat(spent.order()).isEqualTo(32);
    double expected = 1.1 + Math.log(1 - 1.0 / 32) - Math.log(1e-5 * 32) / 31;
    assertThat(spent.epsilon()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void tinyDivergenceGivesZeroEpsilon() {
    // δ² + expm1(-r) > 0: δ alone already covers the divergence.
    PrivacySpent spent =
        RdpAccountant.epsilon(new double[] {2, 3}, new double[] {1e-12, 1e-12}, 1e-5);
    assertThat(spent.epsilon()).isZero();
  }

  /**
   * For the Gaussian mechanism the optimal (ε, δ) curve is known exactly (Balle and Wang 2018):
   * δ(ε) = Φ(1/(2σ) - εσ) - e^ε Φ(-1/(2σ) - εσ). The accountant's ε must be sound (δ(ε) ≤ target)
   * and reasonably tight (the true ε is not much smaller), and never looser than the classic
   * conversion ε = min_α α/(2σ²) + log(1/δ)/(α-1).
   */
  @ParameterizedTest
  @CsvSource({"0.8", "1.0", "2.0", "5.0"})
  void gaussianMechanismEpsilonIsSoundAndTight(double sigma) {
    double delta = 1e-5;
    double[] orders = PrivacyLedger.DEFAULT_ORDERS;
    double[] rdp = new double[orders.length];
    double classic = Double.POSITIVE_INFINITY;
    for (int i = 0; i < orders.length; i++) {
      rdp[i] = RdpAccountant.rdp(1.0, sigma, orders[i]);
      classic = Math.min(classic, rdp[i] + Math.log(1 / delta) / (orders[i] - 1));
    }
    double eps = RdpAccountant.epsilon(orders, rdp, delta).epsilon();
    assertThat(eps).isLessThanOrEqualTo(classic);
    assertThat(exactGaussianDelta(eps, sigma)).isLessThanOrEqualTo(delta);
    assertThat(exactGaussianDelta(0.75 * eps, sigma)).isGreaterThan(delta);
  }

  @Test
  void theLedgerComposesRoundsAndReportsGrowingEpsilon() {
    PrivacyLedger one = PrivacyLedger.empty().compose(0.1, 1.0);
    PrivacyLedger ten = one;
    for (int i = 1; i < 10; i++) {
      ten = ten.compose(0.1, 1.0);
    }
    assertThat(ten.rounds()).isEqualTo(10);
    for (int i = 0; i < ten.orders().length; i++) {
      assertThat(ten.rdp()[i]).isCloseTo(10 * one.rdp()[i], within(1e-9 * ten.rdp()[i]));
    }
    assertThat(PrivacyLedger.empty().spent(1e-5).epsilon()).isZero();
    assertThat(ten.spent(1e-5).epsilon()).isGreaterThan(one.spent(1e-5).epsilon());
    assertThat(one.compose(0.1, 0).spent(1e-5).epsilon()).isInfinite();
  }

  private static double integralOfAMinusOne(double q, double sigma, int alpha) {
    double lo = -25 * sigma;
    double hi = alpha + 25 * sigma;
    double h = sigma / 400;
    int n = (int) Math.ceil((hi - lo) / h);
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double z = lo + i * h;
      double u = (2 * z - 1) / (2 * sigma * sigma);
      double ratioPowMinusOne = Math.expm1(alpha * Math.log1p(q * Math.expm1(u)));
      double density = Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
      double f = density * ratioPowMinusOne;
      sum += (i == 0 || i == n) ? f / 2 : f;
    }
    return sum * h;
  }

  private static double exactGaussianDelta(double eps, double sigma) {
    return phi(1 / (2 * sigma) - eps * sigma) - Math.exp(eps) * phi(-1 / (2 * sigma) - eps * sigma);
  }

  /** Standard normal CDF via erfc. */
  private static double phi(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /** Complementary error function, Chebyshev fit with fractional error below 1.2e-7. */
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double ans =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? ans : 2 - ans;
  }
}
