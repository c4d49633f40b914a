package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;

/** At most one disruptive change (restart or scale) in flight at a time. */
public final class OneDisruptiveChangeGuard implements Guard {
  @Override
  public boolean yieldsToUrgentScaleUp() {
    return true;
  }

  @Override
  public String name() {
    return "one-disruptive-change";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (!action.isDisruptive()) {
      return GuardVerdict.allow(name(), "not disruptive");
    }
    for (ActionRecord r : context.history()) {
      if (r.action().isDisruptive() && r.inFlightAt(context.now())) {
        return GuardVerdict.veto(
            name(),
            r.action().describe()
                + " (since "
                + r.appliedAt()
                + ") is still in flight; one disruptive change at a time");
      }
    }
    return GuardVerdict.allow(name(), "nothing disruptive in flight");
  }
}
