package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;

/** At most {@code maxChangesPerHour} changes in any sliding hour. */
public final class ChangeBudgetGuard implements Guard {
  private static final Duration HOUR = Duration.ofHours(1);
  private final int maxChangesPerHour;

  public ChangeBudgetGuard(int maxChangesPerHour) {
    if (maxChangesPerHour < 0) {
      throw new IllegalArgumentException("maxChangesPerHour=" + maxChangesPerHour + " is < 0");
    }
    this.maxChangesPerHour = maxChangesPerHour;
  }

  @Override
  public String name() {
    return "change-budget";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (action instanceof Action.NoOp) {
      return GuardVerdict.allow(name(), "no change");
    }
    Instant since = context.now().minus(HOUR);
    long used =
        context.history().stream()
            .filter(r -> r.isChange() && !r.appliedAt().isBefore(since))
            .count();
    if (used >= maxChangesPerHour) {
      return GuardVerdict.veto(
          name(),
          used + " changes in the last hour already use the budget of " + maxChangesPerHour);
    }
    return GuardVerdict.allow(name(), used + " of " + maxChangesPerHour + " changes this hour");
  }
}
