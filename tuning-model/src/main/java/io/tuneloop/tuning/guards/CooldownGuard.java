package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;

/** No new change until {@code cooldown} has passed since the last change settled (or applied). */
public final class CooldownGuard implements Guard {
  private final Duration cooldown;

  public CooldownGuard(Duration cooldown) {
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown " + cooldown + " is negative");
    }
    this.cooldown = cooldown;
  }

  @Override
  public boolean yieldsToUrgentScaleUp() {
    return true;
  }

  @Override
  public String name() {
    return "cooldown";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (action instanceof Action.NoOp) {
      return GuardVerdict.allow(name(), "no change");
    }
    Instant last = null;
    for (ActionRecord r : context.history()) {
      if (r.isChange()) {
        Instant end = r.settledAt().orElse(r.appliedAt());
        last = last == null || end.isAfter(last) ? end : last;
      }
    }
    if (last != null) {
      Instant until = last.plus(cooldown);
      if (context.now().isBefore(until)) {
        return GuardVerdict.veto(
            name(),
            "last change settled at "
                + last
                + "; cooling down for "
                + Duration.between(context.now(), until).toSeconds()
                + "s more");
      }
    }
    return GuardVerdict.allow(name(), "cooldown passed");
  }
}
