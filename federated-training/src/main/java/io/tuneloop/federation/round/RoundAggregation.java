package io.tuneloop.federation.round;

import io.tuneloop.federation.aggregation.Aggregate;
import io.tuneloop.federation.aggregation.AggregationRule;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.baseline.Participant;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.privacy.PrivacyLedger;
import java.time.Instant;
import java.util.List;

/**
 * Closes a round: aggregates its updates with the configured rule, adds the result to the parent
 * baseline, composes the round into the privacy ledger and writes the lineage.
 *
 * <p>The sampling rate is the probability with which each cluster takes part in a round. Privacy
 * amplification by subsampling only holds when participation really is random and secret; unless
 * the fleet is set up that way, leave it at 1, the conservative value.
 */
public final class RoundAggregation {
  private final AggregationRule rule;
  private final double samplingRate;
  private final double targetDelta;

  public RoundAggregation(AggregationRule rule, double samplingRate, double targetDelta) {
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("sampling rate=" + samplingRate + " is outside (0, 1]");
    }
    if (!(targetDelta > 0 && targetDelta < 1)) {
      throw new IllegalArgumentException("target delta=" + targetDelta + " is outside (0, 1)");
    }
    this.rule = rule;
    this.samplingRate = samplingRate;
    this.targetDelta = targetDelta;
  }

  /** With noise, only ids: counts and norms would be unnoised statistics of private data. */
  private List<Participant> disclosed(List<Participant> participants) {
    if (rule.noiseMultiplier() == 0) {
      return participants;
    }
    return participants.stream().map(p -> Participant.withheld(p.clusterId())).toList();
  }

  public AggregationRule rule() {
    return rule;
  }

  /**
   * @throws IllegalStateException when the round has fewer updates than the rule needs
   */
  public Baseline close(Round<?> round, Instant now) {
    if (round.size() < rule.minimumContributions()) {
      throw new IllegalStateException(
          "round "
              + round.id()
              + " has "
              + round.size()
              + " updates, "
              + rule.method()
              + " needs "
              + rule.minimumContributions());
    }
    Baseline parent = round.baseline();
    Aggregate agg = rule.aggregate(round.contributions(), parent.dimension());
    float[] params = parent.parameters();
    double[] delta = agg.delta();
    for (int j = 0; j < params.length; j++) {
      params[j] = (float) (params[j] + delta[j]);
    }
    PrivacyLedger ledger = parent.lineage().privacy().compose(samplingRate, rule.noiseMultiplier());
    Lineage lineage =
        new Lineage(
            parent.version(),
            now,
            rule.method(),
            disclosed(round.participants()),
            rule.clipBound(),
            rule.noiseMultiplier(),
            agg.noiseStddev(),
            L2Clip.norm(delta),
            samplingRate,
            targetDelta,
            ledger.spent(targetDelta).epsilon(),
            ledger,
            round.rejected());
    return new Baseline(
        parent.version() + 1,
        round.id(),
        parent.schemaVersion(),
        parent.schemaFingerprint(),
        params,
        lineage);
  }
}
