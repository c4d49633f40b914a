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

  /** The quickselect path must agree with sorting each column, including ties and odd sizes. */
  @Property(tries = 150)
  void matchesASortingReference(
      @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @IntRange(min = 1, max = 150) int d,
      @ForAll @DoubleRange(min = 0, max = 0.49) double beta,
      @ForAll long seed) {
    Random r = new Random(seed);
    List<Contribution> c = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        // Small integer values force many ties.
        v[j] = r.nextBoolean() ? r.nextInt(5) : (float) r.nextGaussian();
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
      Arrays.sort(col);
      double sum = 0;
      for (int i = b; i < k - b; i++) {
        sum += col[i];
      }
      assertThat(out[j]).isCloseTo(sum / (k - 2 * b), within(1e-9));
    }
  }
}
