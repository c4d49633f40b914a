package io.tuneloop.tuning.learner;

import io.tuneloop.tuning.action.Action;
import java.util.Objects;
import java.util.Optional;

/** The verify step's verdict on an applied action, once it has settled. */
public sealed interface Verification permits Verification.Verified, Verification.RolledBack {

  String reason();

  /**
   * @param withinPrediction whether every observed target fell inside the predicted band
   */
  record Verified(String reason, boolean withinPrediction) implements Verification {
    public Verified {
      requireReason(reason);
    }
  }

  /**
   * @param undo the action that restores the previous state; empty when it cannot be expressed (the
   *     previous value lies outside the catalog's range), in which case a person must act
   */
  record RolledBack(String reason, Optional<Action> undo) implements Verification {
    public RolledBack {
      requireReason(reason);
      Objects.requireNonNull(undo, "undo");
    }
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a verification needs a reason");
    }
  }
}
