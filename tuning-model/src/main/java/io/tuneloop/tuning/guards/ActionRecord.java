package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A past decision as the guards see it (the operator keeps these as TuningDecision resources; the
 * twin keeps them in memory).
 *
 * @param appliedAt when it was applied (for a {@code PLANNED} record: when it was planned)
 * @param settledAt when its effect is fully visible; empty while unknown (a rolling restart still
 *     running)
 * @param decision what a reviewer finds the decision by (the operator's TuningDecision name); empty
 *     where decisions have no name (the twin)
 */
public record ActionRecord(
    Action action,
    Phase phase,
    Instant appliedAt,
    Optional<Instant> settledAt,
    Optional<String> decision) {

  /** Where a decision is in its life. */
  public enum Phase {
    /** Written, not yet applied. */
    PLANNED,
    /** Applied (or under way), not yet verified. */
    APPLIED,
    VERIFIED,
    ROLLED_BACK,
    FAILED,
    /**
     * Stopped part way when it made no progress for longer than the progress deadline (a pod never
     * became ready), and left as far as it got once the pods were ready again; {@code appliedAt} is
     * when it was left.
     */
    ABANDONED
  }

  public ActionRecord {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(appliedAt, "appliedAt");
    Objects.requireNonNull(settledAt, "settledAt");
    Objects.requireNonNull(decision, "decision");
    if (settledAt.isPresent() && settledAt.get().isBefore(appliedAt)) {
      throw new IllegalArgumentException(
          "settledAt " + settledAt.get() + " is before appliedAt " + appliedAt);
    }
  }

  /** A record without a decision name. */
  public ActionRecord(Action action, Phase phase, Instant appliedAt, Optional<Instant> settledAt) {
    this(action, phase, appliedAt, settledAt, Optional.empty());
  }

  public static ActionRecord applied(Action action, Instant at, Instant settledAt) {
    return new ActionRecord(action, Phase.APPLIED, at, Optional.of(settledAt));
  }

  /**
   * Whether the change is still being carried out or settling at {@code now}: planned, or applied
   * but not yet settled.
   */
  public boolean inFlightAt(Instant now) {
    return switch (phase) {
      case PLANNED -> true;
      // An abandoned change left the cluster part changed; that part settles like an applied one.
      case APPLIED, ABANDONED -> settledAt.isEmpty() || now.isBefore(settledAt.get());
      default -> false;
    };
  }

  /** Whether it changed the cluster (everything but a no-op that was not refused). */
  public boolean isChange() {
    return !(action instanceof Action.NoOp) && phase != Phase.FAILED;
  }
}
