package io.tuneloop.federation.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.wire.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundTest {
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private final Baseline base =
      new Baseline(3, 3, "v1", "fp", new float[] {0, 0, 0}, Lineage.initial(T0, 1e-5));
  private final Round<Integer> round =
      new Round<>(base, "v1", "fp", new RoundPolicy(3, 2, Duration.ofMinutes(5)));

  private static ModelUpdate update(
      String cluster, long roundId, long baseline, String schema, int dim) {
    return new ModelUpdate(roundId, baseline, 10, schema, "fp", cluster, new float[dim]);
  }

  private Verdict offer(ModelUpdate u, int receipt) {
    return round.offer(u, receipt, T0);
  }

  @Test
  void acceptsUpdatesForTheOpenRoundAndRefusesEverythingElseWithAReason() {
    assertThat(round.id()).isEqualTo(4);
    assertThat(offer(update("a", 4, 3, "v1", 3), 1).outcome()).isEqualTo(Verdict.Outcome.ACCEPTED);
    assertThat(offer(update("b", 4, 3, "v2", 3), 2).reason())
        .contains(RejectionReason.SCHEMA_MISMATCH);
    assertThat(offer(update("c", 3, 2, "v1", 3), 3).reason()).contains(RejectionReason.LATE);
    assertThat(offer(update("d", 5, 4, "v1", 3), 4).reason())
        .contains(RejectionReason.FUTURE_ROUND);
    assertThat(offer(update("e", 4, 2, "v1", 3), 5).reason())
        .contains(RejectionReason.BASELINE_MISMATCH);
    assertThat(offer(update("f", 4, 3, "v1", 4), 6).reason())
        .contains(RejectionReason.DIMENSION_MISMATCH);
    Verdict dup = offer(update("a", 4, 3, "v1", 3), 7);
    assertThat(dup.reason()).contains(RejectionReason.DUPLICATE);
    assertThat(dup.detail()).contains("cluster a already sent an update for round 4");
    round.countMalformed(RejectionReason.CORRUPT);

    assertThat(round.size()).isEqualTo(1);
    assertThat(round.receipts()).containsExactly(1);
    assertThat(round.rejected())
        .isEqualTo(
            Map.of(
                RejectionReason.SCHEMA_MISMATCH, 1L,
                RejectionReason.LATE, 1L,
                RejectionReason.FUTURE_ROUND, 1L,
                RejectionReason.BASELINE_MISMATCH, 1L,
                RejectionReason.DIMENSION_MISMATCH, 1L,
                RejectionReason.DUPLICATE, 1L,
                RejectionReason.CORRUPT, 1L));
  }

  @Test
  void aRedeliveryOfAHeldMessageIsNeitherCountedNorAddedTwice() {
    ModelUpdate a = update("a", 4, 3, "v1", 3);
    offer(a, 1);
    assertThat(offer(a, 1).outcome()).isEqualTo(Verdict.Outcome.REDELIVERED);
    assertThat(round.size()).isEqualTo(1);
    assertThat(round.rejected()).isEmpty();
  }

  @Test
  void closesAtTheTargetSizeOrAfterTheTimeoutWithTheMinimum() {
    assertThat(round.isComplete(T0.plus(Duration.ofDays(1)))).isFalse();
    round.offer(update("a", 4, 3, "v1", 3), 1, T0);
    assertThat(round.deadline()).contains(T0.plus(Duration.ofMinutes(5)));
    // Below the minimum, the timeout does not close the round.
    assertThat(round.isComplete(T0.plus(Duration.ofHours(1)))).isFalse();
    round.offer(update("b", 4, 3, "v1", 3), 2, T0.plus(Duration.ofMinutes(1)));
    assertThat(round.isComplete(T0.plus(Duration.ofMinutes(4)))).isFalse();
    assertThat(round.isComplete(T0.plus(Duration.ofMinutes(5)))).isTrue();
    round.offer(update("c", 4, 3, "v1", 3), 3, T0.plus(Duration.ofMinutes(2)));
    assertThat(round.isComplete(T0.plus(Duration.ofMinutes(2)))).isTrue();
    assertThat(round.participants()).extracting(p -> p.clusterId()).containsExactly("a", "b", "c");
  }
}
