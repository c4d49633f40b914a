package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.Locale;

/**
 * Holds every change while the snapshot is stale or incomplete: no decisions on a thin or old view
 * of the cluster (Cruise Control's model-completeness requirement).
 */
public final class SnapshotFreshnessGuard implements Guard {
  private final Duration maxAge;
  private final double minCompleteness;

  public SnapshotFreshnessGuard(Duration maxAge, double minCompleteness) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge " + maxAge + " must be positive");
    }
    if (!(minCompleteness >= 0 && minCompleteness <= 1)) {
      throw new IllegalArgumentException(
          "minCompleteness=" + minCompleteness + " is outside [0, 1]");
    }
    this.maxAge = maxAge;
    this.minCompleteness = minCompleteness;
  }

  @Override
  public String name() {
    return "snapshot-freshness";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (action instanceof Action.NoOp) {
      return GuardVerdict.allow(name(), "no change");
    }
    double completeness = context.snapshot().completeness();
    if (completeness < minCompleteness) {
      return GuardVerdict.veto(
          name(),
          String.format(
              Locale.ROOT,
              "snapshot is %.0f%% complete, below the required %.0f%%; holding",
              completeness * 100,
              minCompleteness * 100));
    }
    Duration age = context.snapshot().oldestReadingAge(context.now());
    if (age.compareTo(maxAge) > 0) {
      return GuardVerdict.veto(
          name(),
          "oldest reading is "
              + age.toSeconds()
              + "s old, more than "
              + maxAge.toSeconds()
              + "s; holding");
    }
    return GuardVerdict.allow(name(), "snapshot fresh and complete");
  }
}
