package io.tuneloop.tuning.guards;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.ApplyMethod;

/**
 * Restarts and bookie scale-downs only when no ledger is under-replicated, and only when that is
 * known: an absent reading is not a zero. The maximum over bookies is used because the auditor's
 * cluster-wide count may be reported by every bookie.
 */
public final class UnderReplicationGuard implements Guard {
  @Override
  public String name() {
    return "under-replication";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    boolean risky =
        action.applyMethod() == ApplyMethod.ROLLING_RESTART_BOOKIES
            || action.applyMethod() == ApplyMethod.ROLLING_RESTART_BROKERS
            || (action instanceof Action.ScaleBookies s && s.delta() < 0);
    if (!risky) {
      return GuardVerdict.allow(name(), "does not take a bookie or broker down");
    }
    Reading under =
        context.snapshot().bookies(BookieMetric.UNDER_REPLICATED_LEDGERS, Aggregation.MAX);
    if (!under.isPresent()) {
      return GuardVerdict.veto(
          name(),
          action.describe()
              + " needs to know under-replicated ledgers, which are unknown ("
              + under.absentReason()
              + ")");
    }
    if (under.value() > 0) {
      return GuardVerdict.veto(
          name(),
          (long) under.value()
              + " ledgers are under-replicated; "
              + action.describe()
              + " waits until they are re-replicated");
    }
    return GuardVerdict.allow(name(), "no under-replicated ledgers");
  }
}
