package io.tuneloop.federation.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.learning.Moments;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpFedAvgTest {
  private static List<Contribution> contributions(int k, int d, double value, long samples) {
    List<Contribution> c = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      float[] v = new float[d];
      java.util.Arrays.fill(v, (float) value);
      c.add(new Contribution("c" + i, samples, v));
    }
    return c;
  }

  @Test
  void withoutNoiseItIsTheClippedCappedSumOverTheFixedDenominator() {
    DpFedAvg dp = new DpFedAvg(new L2Clip(1.0), 0, 100, 4, new SplittableRandom(1));
    List<Contribution> c =
        List.of(
            new Contribution("full", 500, new float[] {0.3f, 0.4f}), // weight 1, norm 0.5
            new Contribution("half", 50, new float[] {0, 2}), // weight 0.5, clipped to (0, 1)
            new Contribution("tiny", 1, new float[] {1, 0})); // weight 0.01
    Aggregate a = dp.aggregate(c, 2);
    assertThat(a.delta()[0]).isCloseTo((0.3 + 0.01) / 4, within(1e-7));
    assertThat(a.delta()[1]).isCloseTo((0.4 + 0.5) / 4, within(1e-7));
    assertThat(a.clipped()).isEqualTo(1);
    assertThat(a.noiseStddev()).isZero();
  }

  /**
   * Adding or removing one cluster moves the noiseless sum by at most the clip bound, whatever it
   * sends: the sensitivity the noise is calibrated to.
   */
  @Test
  void oneClusterMovesTheSumByAtMostTheClipBound() {
    double bound = 0.7;
    int expected = 5;
    DpFedAvg dp = new DpFedAvg(new L2Clip(bound), 0, 10, expected, new SplittableRandom(1));
    List<Contribution> base = contributions(4, 30, 0.05, 10);
    double[] without = dp.aggregate(base, 30).delta();
    for (float scale : new float[] {1e-3f, 1f, 1e6f, -1e6f}) {
      List<Contribution> with = new ArrayList<>(base);
      with.add(contributions(1, 30, scale, 1_000_000).get(0));
      double[] w = dp.aggregate(with, 30).delta();
      double diff = 0;
      for (int j = 0; j < 30; j++) {
        diff += Math.pow((w[j] - without[j]) * expected, 2);
      }
      assertThat(Math.sqrt(diff)).isLessThanOrEqualTo(bound * (1 + 1e-9));
    }
  }

  /** Noise of the configured scale: zS/N per coordinate, zero mean, Gaussian tails. */
  @Test
  void addsGaussianNoiseOfTheConfiguredScale() {
    double z = 1.3;
    double bound = 0.5;
    int n = 5;
    int d = 20_000;
    DpFedAvg dp = new DpFedAvg(new L2Clip(bound), z, 10, n, new SplittableRandom(42));
    double[] out = dp.aggregate(contributions(n, d, 0, 10), d).delta();
    double expectedSd = z * bound / n;
    assertThat(dp.noiseStddev()).isCloseTo(expectedSd, within(1e-12));
    Moments m = Moments.of(out);
    // Standard error of the sample sd is sd/sqrt(2d) (0.5 % here); allow 3 %.
    assertThat(m.sd()).isCloseTo(expectedSd, within(0.03 * expectedSd));
    assertThat(Math.abs(m.mean())).isLessThan(5 * expectedSd / Math.sqrt(d));
    // Kurtosis of a Gaussian is 3; standard error sqrt(24/d) = 0.035.
    assertThat(m.kurtosis()).isCloseTo(3.0, within(0.2));
  }

  @Test
  void refusesAnUnboundedClip() {
    assertThatThrownBy(
            () ->
                new DpFedAvg(new L2Clip(Double.POSITIVE_INFINITY), 1, 1, 1, new SplittableRandom()))
        .hasMessageContaining("finite clip bound");
  }
}
