package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.planner.Mode;
import java.time.Duration;
import java.time.Instant;

/**
 * Trips after {@code maxRollbacks} rollbacks within {@code window}: every change is vetoed and the
 * cluster is demoted to {@code Recommend} until a person switches it back.
 */
public final class RollbackBreakerGuard implements Guard {
  private final int maxRollbacks;
  private final Duration window;

  public RollbackBreakerGuard(int maxRollbacks, Duration window) {
    if (maxRollbacks < 1) {
      throw new IllegalArgumentException("maxRollbacks=" + maxRollbacks + " must be >= 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rollback window " + window + " must be positive");
    }
    this.maxRollbacks = maxRollbacks;
    this.window = window;
  }

  @Override
  public String name() {
    return "rollback-breaker";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    Instant since = context.now().minus(window);
    long rollbacks =
        context.history().stream()
            .filter(
                r -> r.phase() == ActionRecord.Phase.ROLLED_BACK && !r.appliedAt().isBefore(since))
            .count();
    if (rollbacks < maxRollbacks) {
      return GuardVerdict.allow(name(), rollbacks + " rollbacks in the window");
    }
    String reason =
        rollbacks
            + " rollbacks within "
            + window.toMinutes()
            + " minutes (limit "
            + maxRollbacks
            + "): breaker tripped, demoting to Recommend";
    if (action instanceof Action.NoOp) {
      // Doing nothing stays allowed, but the demotion still has to reach the caller.
      return new GuardVerdict(name(), true, reason, java.util.Optional.of(Mode.RECOMMEND));
    }
    return GuardVerdict.vetoAndDemote(name(), reason, Mode.RECOMMEND);
  }
}
