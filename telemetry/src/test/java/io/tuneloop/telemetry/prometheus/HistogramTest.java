package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private static final double INF = Double.POSITIVE_INFINITY;

  private static Histogram histogram(double... boundsAndCounts) {
    List<Bucket> buckets = new java.util.ArrayList<>();
    for (int i = 0; i < boundsAndCounts.length; i += 2) {
      buckets.add(new Bucket(boundsAndCounts[i], boundsAndCounts[i + 1]));
    }
    return new Histogram(Labels.EMPTY, buckets, Double.NaN, Double.NaN);
  }

  @Test
  void interpolatesLinearlyInsideTheBucketHoldingTheRank() {
    Histogram h = histogram(0.1, 50, 0.2, 70, 0.5, 90, 1, 100, INF, 100);
    assertThat(h.quantile(0)).isEqualTo(0);
    assertThat(h.quantile(0.5)).isCloseTo(0.1, within(1e-12));
    assertThat(h.quantile(0.6)).isCloseTo(0.15, within(1e-12));
    assertThat(h.quantile(0.8)).isCloseTo(0.35, within(1e-12));
    assertThat(h.quantile(0.95)).isCloseTo(0.75, within(1e-12));
    assertThat(h.quantile(1)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void rankInTheInfBucketReturnsTheHighestFiniteBound() {
    Histogram h = histogram(1, 5, 2, 5, INF, 10);
    assertThat(h.quantile(0.9)).isEqualTo(2);
  }

  @Test
  void nonPositiveFirstBoundIsReturnedAsIs() {
    Histogram h = histogram(-1, 5, 0, 10, INF, 10);
    assertThat(h.quantile(0.2)).isEqualTo(-1);
    assertThat(h.quantile(0.75)).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void outOfRangeQuantilesFollowPrometheus() {
    Histogram h = histogram(1, 5, INF, 10);
    assertThat(h.quantile(-0.1)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(h.quantile(1.1)).isEqualTo(INF);
    assertThat(h.quantile(Double.NaN)).isNaN();
  }

  @Test
  void undefinedCasesAreNaN() {
    assertThat(histogram(1, 5, 2, 10).quantile(0.5)).as("no +Inf bucket").isNaN();
    assertThat(histogram(INF, 10).quantile(0.5)).as("one bucket").isNaN();
    assertThat(histogram().quantile(0.5)).as("no buckets").isNaN();
    assertThat(histogram(1, 0, INF, 0).quantile(0.5)).as("no observations").isNaN();
  }

  @Test
  void decreasingCountsAreRaisedToTheirPredecessor() {
    Histogram h = histogram(1, 10, 2, 8, INF, 12);
    assertThat(h.quantile(0.5)).isCloseTo(0.6, within(1e-12));
    assertThat(h.quantile(0.9)).isEqualTo(2);
  }

  @Test
  void meanAndObservations() {
    Histogram h = new Histogram(Labels.EMPTY, List.of(new Bucket(1, 2), new Bucket(INF, 4)), 6, 4);
    assertThat(h.mean()).isEqualTo(1.5);
    assertThat(h.observations()).isEqualTo(4);
    assertThat(histogram(1, 2, INF, 3).observations()).isEqualTo(3);
    assertThat(histogram(1, 2).observations()).isNaN();
    assertThat(histogram(1, 2).mean()).isNaN();
  }

  @Test
  void cumulativeSumsPerBucketCounts() {
    assertThat(Histogram.cumulative(new double[] {1, 5, INF}, new double[] {3, 0, 2}))
        .containsExactly(new Bucket(1, 3), new Bucket(5, 3), new Bucket(INF, 5));
    assertThatThrownBy(() -> Histogram.cumulative(new double[] {1}, new double[] {1, 2}))
        .hasMessage("1 upper bounds but 2 counts");
  }

  @Test
  void constructorRequiresStrictlyIncreasingBounds() {
    assertThatThrownBy(() -> histogram(2, 1, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket upper bounds must increase strictly, got 2.0 then 1.0");
    assertThatThrownBy(() -> new Bucket(Double.NaN, 1)).hasMessageContaining("NaN");
  }

  @Test
  void summaryAndQuantileValidation() {
    assertThatThrownBy(() -> new Quantile(1.5, 1)).hasMessage("quantile=1.5 is outside [0, 1]");
    assertThatThrownBy(
            () ->
                new Summary(
                    Labels.EMPTY, List.of(new Quantile(0.9, 1), new Quantile(0.5, 1)), 0, 0))
        .hasMessageContaining("summary quantiles must increase strictly, got 0.9 then 0.5");
  }
}
