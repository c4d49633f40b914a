package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops flapping: a scale in one direction is vetoed while a scale of the same replicas in the
 * other direction happened within the window, and a setting is not moved back towards a value it
 * left within the window.
 */
public final class StabilisationWindowGuard implements Guard {
  private final Duration window;

  public StabilisationWindowGuard(Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("stabilisation window " + window + " is negative");
    }
    this.window = window;
  }

  @Override
  public boolean yieldsToUrgentScaleUp() {
    return true;
  }

  @Override
  public String name() {
    return "stabilisation-window";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    Instant since = context.now().minus(window);
    for (ActionRecord r : context.history()) {
      if (!r.isChange() || r.appliedAt().isBefore(since)) {
        continue;
      }
      if (reverses(action, r.action())) {
        return GuardVerdict.veto(
            name(),
            action.describe()
                + " would reverse "
                + r.action().describe()
                + " from "
                + r.appliedAt()
                + " within the "
                + window.toMinutes()
                + "-minute stabilisation window");
      }
    }
    return GuardVerdict.allow(name(), "no reversal within the window");
  }

  private static boolean reverses(Action next, Action past) {
    if (next instanceof Action.ScaleBrokers n && past instanceof Action.ScaleBrokers p) {
      return Integer.signum(n.delta()) == -Integer.signum(p.delta());
    }
    if (next instanceof Action.ScaleBookies n && past instanceof Action.ScaleBookies p) {
      return Integer.signum(n.delta()) == -Integer.signum(p.delta());
    }
    if (next instanceof Action.ChangeSetting n
        && past instanceof Action.ChangeSetting p
        && n.knob().equals(p.knob())) {
      return Math.signum(n.to() - n.from()) == -Math.signum(p.to() - p.from());
    }
    return false;
  }
}
