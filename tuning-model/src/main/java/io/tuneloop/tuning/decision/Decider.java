package io.tuneloop.tuning.decision;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import java.util.Objects;

/**
 * Plans, then puts the plan through every guard: the action to apply is the plan's choice only when
 * no guard vetoes it, and the no-op (with the vetoes as the reason) otherwise. Pure decision logic;
 * applying is the caller's job.
 */
public final class Decider {
  private final Planner planner;
  private final GuardChain guards;

  public Decider(Planner planner, GuardChain guards) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.guards = Objects.requireNonNull(guards, "guards");
  }

  /**
   * @param context the guards' view; its snapshot, bounds and mode must be the request's
   */
  public Decision decide(PlanRequest request, GuardContext context) {
    if (context.snapshot() != request.snapshot()
        || !context.bounds().equals(request.bounds())
        || context.mode() != request.mode()) {
      throw new IllegalArgumentException(
          "guard context and plan request must share snapshot, bounds and mode");
    }
    Plan plan = planner.plan(request);
    GuardReport report = guards.check(plan.chosen(), context);
    if (report.allowed()) {
      return new Decision(plan, report, plan.chosen(), plan.reason(), report.demoteTo());
    }
    return new Decision(
        plan,
        report,
        Action.noOp(),
        "Held "
            + plan.chosen().describe()
            + " ("
            + report.summary()
            + "). Planned: "
            + plan.reason(),
        report.demoteTo());
  }
}
