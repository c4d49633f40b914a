package io.tuneloop.tuning.guards;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.Mode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a guard may look at: the time, the mode, the snapshot the decision was made on, the CR's
 * bounds, and the cluster's recent decisions (any order; kept sorted by time here).
 */
public record GuardContext(
    Instant now, Mode mode, ClusterSnapshot snapshot, Bounds bounds, List<ActionRecord> history) {

  public GuardContext {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(bounds, "bounds");
    history = history.stream().sorted(Comparator.comparing(ActionRecord::appliedAt)).toList();
  }
}
