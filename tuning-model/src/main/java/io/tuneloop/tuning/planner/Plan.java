package io.tuneloop.tuning.planner;

import io.tuneloop.tuning.action.Action;
import java.util.List;
import java.util.Objects;

/**
 * The planner's decision: the chosen action with its prediction and cost, the reason in words a
 * reviewer reads, the best candidates it was chosen over, and the model that predicted.
 *
 * @param explored whether this choice was an optimistic (exploring) one
 */
public record Plan(
    Action chosen,
    ScoredCandidate chosenScore,
    String reason,
    List<ScoredCandidate> runnerUps,
    String modelVersion,
    boolean explored) {

  public Plan {
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(chosenScore, "chosenScore");
    if (!chosenScore.action().equals(chosen)) {
      throw new IllegalArgumentException(
          "score is for " + chosenScore.action().describe() + ", not " + chosen.describe());
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a plan needs a reason");
    }
    runnerUps = List.copyOf(runnerUps);
    Objects.requireNonNull(modelVersion, "modelVersion");
  }
}
