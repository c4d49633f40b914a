package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.planner.Mode;
import java.util.Objects;
import java.util.Optional;

/**
 * One guard's answer about one action.
 *
 * @param reason why it vetoed, in words a reviewer acts on; for an allowance, a short note
 * @param demoteTo a mode the cluster should drop to (the rollback breaker's demotion), if any
 */
public record GuardVerdict(String guard, boolean allowed, String reason, Optional<Mode> demoteTo) {

  public GuardVerdict {
    if (guard == null || guard.isBlank()) {
      throw new IllegalArgumentException("a verdict must name its guard");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("guard " + guard + " gave a verdict without a reason");
    }
    Objects.requireNonNull(demoteTo, "demoteTo");
  }

  public static GuardVerdict allow(String guard, String note) {
    return new GuardVerdict(guard, true, note, Optional.empty());
  }

  public static GuardVerdict veto(String guard, String reason) {
    return new GuardVerdict(guard, false, reason, Optional.empty());
  }

  public static GuardVerdict vetoAndDemote(String guard, String reason, Mode mode) {
    return new GuardVerdict(guard, false, reason, Optional.of(mode));
  }

  public boolean vetoed() {
    return !allowed;
  }
}
