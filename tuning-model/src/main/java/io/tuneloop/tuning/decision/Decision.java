package io.tuneloop.tuning.decision;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Plan;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of propose → predict → choose → guard for one window.
 *
 * @param plan what the planner chose and why (in Recommend mode: the recommendation)
 * @param guards every guard's verdict on the planner's choice
 * @param action what to apply now: the plan's choice when every guard allowed it, else the no-op
 * @param reason the plan's reason, or why it is held and what was planned
 * @param demoteTo a mode the cluster must drop to (the rollback breaker), if any
 */
public record Decision(
    Plan plan, GuardReport guards, Action action, String reason, Optional<Mode> demoteTo) {

  public Decision {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(guards, "guards");
    Objects.requireNonNull(action, "action");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a decision needs a reason");
    }
    Objects.requireNonNull(demoteTo, "demoteTo");
    if (!(action instanceof Action.NoOp) && !guards.allowed()) {
      throw new IllegalArgumentException(
          action.describe() + " cannot be decided while vetoed: " + guards.summary());
    }
  }

  /** Whether the planner wanted a change that guards held back. */
  public boolean held() {
    return !(plan.chosen() instanceof Action.NoOp) && action instanceof Action.NoOp;
  }
}
