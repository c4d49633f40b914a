package io.tuneloop.tuning.planner;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.Prediction;
import java.util.List;
import java.util.Objects;

/**
 * A candidate as the planner judged it.
 *
 * @param violations which objectives its pessimistic prediction misses, in words (empty when
 *     feasible)
 */
public record ScoredCandidate(
    Action action, Prediction prediction, Cost cost, List<String> violations) {

  public ScoredCandidate {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(cost, "cost");
    violations = List.copyOf(violations);
  }

  public boolean feasible() {
    return violations.isEmpty();
  }

  public String summary() {
    return action.describe()
        + ": "
        + prediction.summary()
        + String.format(java.util.Locale.ROOT, ", cost %.2f", cost.total())
        + (feasible() ? "" : " [" + String.join("; ", violations) + "]");
  }
}
