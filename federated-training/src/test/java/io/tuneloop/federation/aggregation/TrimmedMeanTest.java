package io.tuneloop.federation.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.clip.L2Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TrimmedMeanTest {
  private static final L2Clip NONE = new L2Clip(Double.POSITIVE_INFINITY);

  @Test
  void dropsTheExtremesOfEachCoordinate() {
    TrimmedMean tm = new TrimmedMean(0.2, NONE);
    List<Contribution> c = new ArrayList<>();
    float[][] rows = {{1, 50}, {2, -9}, {3, 10}, {100, 11}, {-100, 12}};
    for (int i = 0; i < rows.length; i++) {
      c.add(new Contribution("c" + i, 1, rows[i]));
    }
    // k=5, one trimmed per side: column 0 keeps {1,2,3}, column 1 keeps {10,11,12}.
    assertThat(tm.aggregate(c, 2).delta()).containsExactly(2.0, 11.0);
    assertThat(tm.trimmedPerSide(5)).isEqualTo(1);
    assertThat(tm.method()).isEqualTo("trimmed-mean(0.2)");
  }

  @Test
  void withoutTrimmingItIsTheUnweightedMean() {
    TrimmedMean tm = new TrimmedMean(0.0, NONE);
    List<Contribution> c =
        List.of(
            new Contribution("a", 1, new float[] {1}), new Contribution("b", 99, new float[] {3}));
    assertThat(tm.aggregate(c, 1).delta()).containsExactly(2.0);
  }

  @Test
  void keepsEveryCoordinateInsideTheHonestRangeWhenHostilesAreFewerThanTheTrim() {
    Random r = new Random(3);
    int d = 200;
    List<Contribution> c = new ArrayList<>();
    float[] lo = new float[d];
    float[] hi = new float[d];
    Arrays.fill(lo, Float.MAX_VALUE);
    Arrays.fill(hi, -Float.MAX_VALUE);
    for (int i = 0; i < 8; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        v[j] = (float) r.nextGaussian();
        lo[j] = Math.min(lo[j], v[j]);
        hi[j] = Math.max(hi[j], v[j]);
      }
      c.add(new Contribution("h" + i, 10, v));
    }
    float[] big = new float[d];
    float[] flipped = new float[d];
    for (int j = 0; j < d; j++) {
      big[j] = 1e6f * (j % 2 == 0 ? 1 : -1);
      flipped[j] = -100 * c.get(0).delta()[j];
    }
    c.add(new Contribution("x1", 10, big));
    c.add(new Contribution("x2", 10, flipped));
    double[] out = new TrimmedMean(0.2, NONE).aggregate(c, d).delta();
    for (int j = 0; j < d; j++) {
      assertThat(out[j]).isBetween((double) lo[j], (double) hi[j]);
    }
  }

  @Test
  void normBoundsBeforeTrimmingWhenAsked() {
    TrimmedMean tm = new TrimmedMean(0.0, new L2Clip(1.0));
    Aggregate a = tm.aggregate(List.of(new Contribution("a", 1, new float[] {0, 10})), 2);
    assertThat(a.delta()[1]).isCloseTo(1.0, within(1e-6));
    assertThat(a.clipped()).isEqualTo(1);
  }

  /**
   * Both paths (sampled cut-offs for large rounds, two selections for small ones) must agree with
   * sorting each column, including ties, extreme values and odd sizes.
   */
  @Property(tries = 200)
  void matchesASortingReference(
      @ForAll @IntRange(min = 1, max = 700) int k,
      @ForAll @IntRange(min = 1, max = 40) int d,
      @ForAll @DoubleRange(min = 0, max = 0.49) double beta,
      @ForAll long seed) {
    Random r = new Random(seed);
    List<Contribution> c = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        // Small integers force ties; the rare huge values mimic hostile updates.
        int kind = r.nextInt(10);
        v[j] =
            kind < 4
                ? r.nextInt(5)
                : kind == 9 ? (float) (1e6 * r.nextGaussian()) : (float) r.nextGaussian();
      }
      c.add(new Contribution("c" + i, 1, v));
    }
    TrimmedMean tm = new TrimmedMean(beta, NONE);
    double[] out = tm.aggregate(c, d).delta();
    int b = tm.trimmedPerSide(k);
    for (int j = 0; j < d; j++) {
      double[] col = new double[k];
      for (int i = 0; i < k; i++) {
        col[i] = c.get(i).delta()[j];
      }
      assertThat(out[j]).isCloseTo(reference(col, b), within(1e-9 * (1 + absMean(col))));
    }
  }

  /** Large rounds take the sampled path; ties, sorted input and outliers must not fool it. */
  @Test
  void largeRoundsWithTiesSortedInputAndOutliersMatchTheReference() {
    int k = 1000;
    Random r = new Random(9);
    List<Contribution> c = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      float outlier = i % 10 == 0 ? 1e9f : (float) r.nextGaussian();
      c.add(new Contribution("c" + i, 1, new float[] {3f, i, outlier, i % 2, -i}));
    }
    for (double beta : new double[] {0.01, 0.1, 0.2, 0.3}) {
      TrimmedMean tm = new TrimmedMean(beta, NONE);
      double[] out = tm.aggregate(c, 5).delta();
      int b = tm.trimmedPerSide(k);
      for (int j = 0; j < 5; j++) {
        double[] col = new double[k];
        for (int i = 0; i < k; i++) {
          col[i] = c.get(i).delta()[j];
        }
        assertThat(out[j])
            .as("beta %s column %d", beta, j)
            .isCloseTo(reference(col, b), within(1e-6 * (1 + absMean(col))));
      }
    }
  }

  private static double reference(double[] column, int b) {
    double[] col = column.clone();
    Arrays.sort(col);
    double sum = 0;
    for (int i = b; i < col.length - b; i++) {
      sum += col[i];
    }
    return sum / (col.length - 2 * b);
  }

  private static double absMean(double[] col) {
    double s = 0;
    for (double v : col) {
      s += Math.abs(v);
    }
    return s / col.length;
  }
}
