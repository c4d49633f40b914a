package io.tuneloop.federation.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class L2ClipTest {
  @Test
  void normIsEuclidean() {
    assertThat(L2Clip.norm(new float[] {3, 4})).isEqualTo(5.0);
    assertThat(L2Clip.norm(new double[] {1, 2, 2})).isEqualTo(3.0);
  }

  @Test
  void leavesShortVectorsAloneAndScalesLongOnesOntoTheBound() {
    L2Clip clip = new L2Clip(1.0);
    assertThat(clip.apply(new float[] {0.6f, 0.8f})).containsExactly(0.6f, 0.8f);
    float[] clipped = clip.apply(new float[] {30, 40});
    assertThat(clipped[0]).isCloseTo(0.6f, within(1e-6f));
    assertThat(clipped[1]).isCloseTo(0.8f, within(1e-6f));
    assertThat(new L2Clip(Double.POSITIVE_INFINITY).apply(new float[] {1e30f}))
        .containsExactly(1e30f);
  }

  @Test
  void refusesANonPositiveBound() {
    assertThatThrownBy(() -> new L2Clip(0)).hasMessageContaining("clip bound=0.0");
    assertThatThrownBy(() -> new L2Clip(Double.NaN)).hasMessageContaining("clip bound=NaN");
  }

  @Property(tries = 200)
  void clippedNormNeverExceedsTheBoundAndDirectionIsKept(
      @ForAll @Size(min = 1, max = 50) float @FloatRange(min = -1e3f, max = 1e3f) [] v,
      @ForAll @DoubleRange(min = 0.01, max = 1000) double bound) {
    L2Clip clip = new L2Clip(bound);
    float[] c = clip.apply(v);
    double before = L2Clip.norm(v);
    double after = L2Clip.norm(c);
    assertThat(after).isLessThanOrEqualTo(bound * (1 + 1e-6));
    assertThat(after).isCloseTo(Math.min(before, bound), within(1e-5 * Math.max(1, bound)));
    double dot = 0;
    for (int i = 0; i < v.length; i++) {
      dot += (double) v[i] * c[i];
    }
    if (before > 1e-20) {
      assertThat(dot / (before * Math.max(after, 1e-300))).isCloseTo(1.0, within(1e-5));
    }
  }
}
