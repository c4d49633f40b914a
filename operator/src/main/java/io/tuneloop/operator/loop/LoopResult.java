package io.tuneloop.operator.loop;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.planner.Mode;
import java.time.Duration;
import java.util.Optional;

/**
 * What one pass of the loop saw and did, for the cluster's status.
 *
 * @param snapshot the snapshot observed in this pass, if one was taken
 * @param telemetryProblem why telemetry is unhealthy, or empty when it is healthy or was not read
 * @param modelProblem why no decision could be made, or empty
 * @param degraded a reason and message when the cluster is degraded (breaker, failed rollback)
 * @param lastDecision the decision written or advanced in this pass, if any
 */
public record LoopResult(
    Mode effectiveMode,
    Optional<ClusterSnapshot> snapshot,
    Optional<String> telemetryProblem,
    Optional<String> modelProblem,
    Optional<String> modelVersion,
    Optional<Degraded> degraded,
    Optional<TuningDecision> lastDecision,
    String summary,
    Duration requeueAfter) {

  /** Why a cluster is degraded. */
  public record Degraded(String reason, String message) {}
}
