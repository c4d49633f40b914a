package io.tuneloop.tuning.planner;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import java.util.Objects;

/**
 * Everything the planner needs for one decision.
 *
 * @param explorationAllowed the caller permits optimistic choices; they happen only in {@link
 *     Mode#AUTO} and only inside {@code bounds}
 */
public record PlanRequest(
    ClusterSnapshot snapshot,
    Bounds bounds,
    Objectives objectives,
    Mode mode,
    boolean explorationAllowed) {

  public PlanRequest {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(objectives, "objectives");
    Objects.requireNonNull(mode, "mode");
  }

  /** Whether this decision may explore: both the mode and the caller must allow it. */
  public boolean exploring() {
    return mode == Mode.AUTO && explorationAllowed;
  }
}
