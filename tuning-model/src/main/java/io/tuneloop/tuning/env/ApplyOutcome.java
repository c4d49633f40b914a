package io.tuneloop.tuning.env;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What an {@link Environment} did with an action.
 *
 * @param at when the environment finished this call (simulated time in the twin)
 * @param detail what happened, in words a reviewer can act on (never blank)
 * @param settleAfter how long after {@code at} the action's effect is fully visible in snapshots
 *     (scale-up time, the rest of a rolling restart); the verify step waits at least this long
 */
public record ApplyOutcome(
    Action action, Status status, Instant at, String detail, Duration settleAfter) {

  public enum Status {
    /** Fully in effect (a dynamic setting, a no-op). */
    APPLIED,
    /** Accepted and under way (a rolling restart, a scale); counts as in flight until settled. */
    STARTED,
    /**
     * Not attempted: a precondition failed (for example under-replicated ledgers). Nothing changed.
     */
    REFUSED,
    /** Attempted and failed; the detail says how far it got. */
    FAILED;

    /** Whether the cluster may now differ from before the call. */
    public boolean changedCluster() {
      return this == APPLIED || this == STARTED;
    }
  }

  public ApplyOutcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    if (detail == null || detail.isBlank()) {
      throw new IllegalArgumentException("an outcome of " + action.describe() + " needs a detail");
    }
    Objects.requireNonNull(settleAfter, "settleAfter");
    if (settleAfter.isNegative()) {
      throw new IllegalArgumentException("settleAfter " + settleAfter + " is negative");
    }
  }

  public static ApplyOutcome applied(Action action, Instant at, String detail, Duration settle) {
    return new ApplyOutcome(action, Status.APPLIED, at, detail, settle);
  }

  public static ApplyOutcome started(Action action, Instant at, String detail, Duration settle) {
    return new ApplyOutcome(action, Status.STARTED, at, detail, settle);
  }

  public static ApplyOutcome refused(Action action, Instant at, String detail) {
    return new ApplyOutcome(action, Status.REFUSED, at, detail, Duration.ZERO);
  }

  public static ApplyOutcome failed(Action action, Instant at, String detail) {
    return new ApplyOutcome(action, Status.FAILED, at, detail, Duration.ZERO);
  }

  /** The instant from which a snapshot shows the action's full effect. */
  public Instant settledAt() {
    return at.plus(settleAfter);
  }
}
