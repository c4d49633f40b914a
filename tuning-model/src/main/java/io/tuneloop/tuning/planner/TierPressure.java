package io.tuneloop.tuning.planner;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Whether the snapshot shows a tier working hard enough that more of its pods could plausibly help:
 * brokers when the hottest broker's CPU is at least half the utilisation target; bookies when the
 * slowest bookie's journal add latency (which includes the wait in its journal queue) is at least
 * half the SLO, or the hottest bookie's CPU at least half the target. A tier with no reading counts
 * as pressed: absence of evidence is no reason to refuse capacity.
 *
 * <p>The planner asks this when the model's predicted gain from a scale-up is within its own
 * uncertainty: adding to a tier under pressure while the SLO is missed is a reasonable bet, adding
 * to an idle one (ten brokers at 6% CPU in front of a saturated journal) is chasing noise.
 */
public record TierPressure(
    OptionalDouble brokerCpu, OptionalDouble journalAddP99Ms, OptionalDouble bookieCpu) {

  public static TierPressure of(ClusterSnapshot s) {
    return new TierPressure(
        value(s.brokers(BrokerMetric.CPU_UTILISATION, Aggregation.MAX)),
        value(s.bookies(BookieMetric.JOURNAL_ADD_LATENCY_P99, Aggregation.MAX)),
        value(s.bookies(BookieMetric.CPU_UTILISATION, Aggregation.MAX)));
  }

  private static OptionalDouble value(Reading r) {
    return r.isPresent() ? OptionalDouble.of(r.value()) : OptionalDouble.empty();
  }

  /** Whether {@code a} adds pods to a tier this snapshot shows under pressure. */
  public boolean addsToPressedTier(Action a, Objectives o) {
    double half = o.utilisationTarget() / 2;
    if (a instanceof Action.ScaleBrokers b && b.delta() > 0) {
      return brokerCpu.isEmpty() || brokerCpu.getAsDouble() >= half;
    }
    if (a instanceof Action.ScaleBookies k && k.delta() > 0) {
      if (journalAddP99Ms.isEmpty() && bookieCpu.isEmpty()) {
        return true;
      }
      return journalAddP99Ms.orElse(0) >= o.sloP99Ms() / 2 || bookieCpu.orElse(0) >= half;
    }
    return false;
  }

  /** The readings, for a decision's reason. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "broker CPU %s, journal add p99 %s ms, bookie CPU %s",
        show(brokerCpu, "%.2f"),
        show(journalAddP99Ms, "%.1f"),
        show(bookieCpu, "%.2f"));
  }

  private static String show(OptionalDouble v, String format) {
    return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "n/a";
  }
}
