package io.tuneloop.sim.policy;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.planner.Plan;
import java.time.Instant;
import java.util.Objects;

/**
 * One window's decision by {@link TuneloopPolicy}, kept so a run can be replayed window by window:
 * what the planner chose and why, what the guards said, and what was finally applied.
 *
 * @param applied the action that went to the cluster (a no-op when nothing did)
 */
public record TuneloopDecision(Instant at, Plan plan, GuardReport guards, Action applied) {

  public TuneloopDecision {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(guards, "guards");
    Objects.requireNonNull(applied, "applied");
  }
}
