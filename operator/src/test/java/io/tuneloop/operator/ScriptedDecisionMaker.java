package io.tuneloop.operator;

import io.tuneloop.operator.loop.DecisionMaker;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.Estimate;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.planner.Cost;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.ScoredCandidate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Stands in for the planner in operator tests: the test says which action it chooses for a request
 * (the planner itself is tested in tuning-model). Predicts 15±2 ms p99.
 */
public final class ScriptedDecisionMaker implements DecisionMaker {
  private final Function<PlanRequest, Action> choose;
  private final AtomicInteger calls = new AtomicInteger();

  public ScriptedDecisionMaker(Function<PlanRequest, Action> choose) {
    this.choose = choose;
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public Plan decide(PlanRequest request) {
    calls.incrementAndGet();
    Action a = choose.apply(request);
    Prediction p =
        new Prediction(new Estimate(15, 2), new Estimate(0.5, 0.05), new Estimate(0.4, 0.05));
    ScoredCandidate chosen = new ScoredCandidate(a, p, Cost.of(5, 0.5), List.of());
    ScoredCandidate noop =
        new ScoredCandidate(
            Action.noOp(),
            new Prediction(new Estimate(40, 3), new Estimate(0.8, 0.05), new Estimate(0.1, 0.05)),
            Cost.of(5, 0),
            List.of("p99 43.0 ms > SLO"));
    return new Plan(
        a,
        chosen,
        "scripted: " + a.describe(),
        a instanceof Action.NoOp ? List.of() : List.of(noop),
        "test-model-1",
        false);
  }
}
