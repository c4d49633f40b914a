package io.tuneloop.operator.loop;

import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;

/**
 * Chooses one action for a snapshot (the tuning model's planner: propose, predict, choose). The
 * loop records and guards what it returns; it never acts on anything else.
 */
@FunctionalInterface
public interface DecisionMaker {
  Plan decide(PlanRequest request);
}
