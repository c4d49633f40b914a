package io.tuneloop.tuning.env;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import java.time.Instant;

/**
 * The one cluster a tuning loop works on: it can be observed and an {@link Action} can be applied
 * to it. The operator implements it for real clusters (Prometheus/admin API and Kubernetes
 * actuators); {@code cluster-sim} implements it for the digital twin. Decision logic in this module
 * talks to the world only through this interface.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #observe()} never invents values: missing data is absent in the snapshot, with a
 *       reason; it throws {@link TelemetryException} only when nothing at all could be observed.
 *   <li>{@link #apply(Action)} is idempotent: applying an action whose target state is already in
 *       effect (or under way) reports {@code APPLIED}/{@code STARTED} again without acting twice.
 *   <li>{@link #apply(Action)} never throws for a cluster-side failure; it returns {@code FAILED}
 *       or {@code REFUSED} with a detail. It only ever touches what the action names.
 *   <li>A bookie scale-down is carried out by safe decommission; a rolling restart restarts one pod
 *       at a time and refuses ({@code REFUSED}) while ledgers are under-replicated.
 * </ul>
 */
public interface Environment extends SnapshotSource {

  /** A snapshot of the last complete window. */
  @Override
  ClusterSnapshot observe() throws TelemetryException;

  /** Carries out {@code action} (see the class contract). */
  ApplyOutcome apply(Action action);

  /** The environment's notion of now: wall-clock for real clusters, simulated time in the twin. */
  Instant now();
}
