package io.tuneloop.federation.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.clip.L2Clip;
import java.util.List;
import org.junit.jupiter.api.Test;

class FedAvgTest {
  @Test
  void weightsBySampleCount() {
    FedAvg avg = new FedAvg(new L2Clip(Double.POSITIVE_INFINITY));
    Aggregate a =
        avg.aggregate(
            List.of(
                new Contribution("a", 1, new float[] {1, 0}),
                new Contribution("b", 3, new float[] {0, 4})),
            2);
    assertThat(a.delta()).containsExactly(0.25, 3.0);
    assertThat(a.noiseStddev()).isZero();
    assertThat(a.clipped()).isZero();
    assertThat(avg.method()).isEqualTo("fedavg");
  }

  @Test
  void boundsEachUpdateBeforeAveraging() {
    FedAvg avg = new FedAvg(new L2Clip(1.0));
    Aggregate a =
        avg.aggregate(
            List.of(
                new Contribution("honest", 1, new float[] {0.5f, 0}),
                new Contribution("hostile", 1, new float[] {0, 1000})),
            2);
    assertThat(a.delta()[0]).isCloseTo(0.25, within(1e-9));
    assertThat(a.delta()[1]).isCloseTo(0.5, within(1e-9)); // 1000 scaled to 1, halved
    assertThat(a.clipped()).isEqualTo(1);
  }

  @Test
  void refusesMismatchedShapes() {
    FedAvg avg = new FedAvg(new L2Clip(1.0));
    assertThatThrownBy(() -> avg.aggregate(List.of(new Contribution("a", 1, new float[3])), 2))
        .hasMessageContaining("contribution from a has 3 parameters, expected 2");
    assertThatThrownBy(() -> avg.aggregate(List.of(), 2)).hasMessageContaining("0 contributions");
  }
}
