package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;

/**
 * One safety rule that can veto an action and say why (in the manner of Cruise Control's goals:
 * adding a rule means adding a class). Contract: a guard is side-effect free, never throws for a
 * well-formed context, and always allows {@link Action.NoOp} (doing nothing is always safe to
 * record).
 */
public interface Guard {

  /** Short stable name, for example {@code cooldown}; used in records and metrics. */
  String name();

  GuardVerdict check(Action action, GuardContext context);

  /**
   * Whether this guard only paces changes, so its veto is waived for an {@link UrgentScaleUp};
   * false (never waived) unless a guard says otherwise.
   */
  default boolean yieldsToUrgentScaleUp() {
    return false;
  }
}
