package io.tuneloop.federation.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.baseline.Participant;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.wire.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundAggregationTest {
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private final Baseline base =
      new Baseline(0, 0, "v1", "fp", new float[] {1, 2}, Lineage.initial(T0, 1e-5));

  private Round<Integer> roundWith(float[]... deltas) {
    Round<Integer> r =
        new Round<>(base, "v1", "fp", new RoundPolicy(deltas.length, 1, Duration.ofMinutes(1)));
    for (int i = 0; i < deltas.length; i++) {
      r.offer(new ModelUpdate(1, 0, 10 * (i + 1), "v1", "fp", "c" + i, deltas[i]), i, T0);
    }
    r.countMalformed(RejectionReason.NON_FINITE);
    return r;
  }

  @Test
  void addsTheAggregateToTheParentAndRecordsTheLineage() {
    RoundAggregation agg = new RoundAggregation(new FedAvg(new L2Clip(10)), 1.0, 1e-5);
    Baseline next = agg.close(roundWith(new float[] {1, 0}, new float[] {0, 2}), T0.plusSeconds(9));
    assertThat(next.version()).isEqualTo(1);
    assertThat(next.round()).isEqualTo(1);
    // Weighted 10 : 20.
    assertThat(next.parameters()[0]).isCloseTo(1 + 1f / 3, within(1e-6f));
    assertThat(next.parameters()[1]).isCloseTo(2 + 4f / 3, within(1e-6f));
    Lineage l = next.lineage();
    assertThat(l.parentVersion()).isZero();
    assertThat(l.createdAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(l.participants()).extracting(p -> p.norm()).containsExactly(1.0, 2.0);
    assertThat(l.rejected()).containsEntry(RejectionReason.NON_FINITE, 1L);
    assertThat(l.aggregateNorm()).isCloseTo(Math.hypot(1.0 / 3, 4.0 / 3), within(1e-9));
    // No noise: no privacy claim.
    assertThat(l.epsilon()).isInfinite();
  }

  @Test
  void noisyRoundsComposeIntoTheLedger() {
    RoundAggregation agg =
        new RoundAggregation(
            new DpFedAvg(new L2Clip(1), 1.1, 10, 2, new SplittableRandom(5)), 0.5, 1e-5);
    Baseline next = agg.close(roundWith(new float[] {0.1f, 0}, new float[] {0, 0.1f}), T0);
    PrivacyLedger expected = PrivacyLedger.empty().compose(0.5, 1.1);
    assertThat(next.lineage().privacy()).isEqualTo(expected);
    assertThat(next.lineage().epsilon()).isEqualTo(expected.spent(1e-5).epsilon()).isFinite();
    assertThat(next.lineage().noiseStddev()).isCloseTo(1.1 / 2, within(1e-12));
    assertThat(next.lineage().method()).isEqualTo("dp-fedavg(clip=1.0,z=1.1)");
    // Sample counts and norms stay private; only who took part is published.
    assertThat(next.lineage().participants())
        .containsExactly(Participant.withheld("c0"), Participant.withheld("c1"));
  }

  @Test
  void refusesToCloseAnEmptyRound() {
    RoundAggregation agg = new RoundAggregation(new FedAvg(new L2Clip(1)), 1.0, 1e-5);
    Round<Integer> empty =
        new Round<>(base, "v1", "fp", new RoundPolicy(1, 1, Duration.ofMinutes(1)));
    assertThatThrownBy(() -> agg.close(empty, T0)).hasMessageContaining("round 1 has 0 updates");
  }
}
