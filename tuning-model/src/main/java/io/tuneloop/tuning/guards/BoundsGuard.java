package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.KnobRange;

/**
 * Vetoes anything outside the BrokerCluster's bounds: replica counts and steps, knobs the CR does
 * not allow, and values outside the CR's range for a knob.
 */
public final class BoundsGuard implements Guard {
  @Override
  public String name() {
    return "bounds";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    Bounds b = context.bounds();
    if (action instanceof Action.ScaleBrokers s) {
      return replicas("brokers", s.to(), s.delta(), b.minBrokers(), b.maxBrokers(), b);
    }
    if (action instanceof Action.ScaleBookies s) {
      return replicas("bookies", s.to(), s.delta(), b.minBookies(), b.maxBookies(), b);
    }
    if (action instanceof Action.ChangeSetting c) {
      KnobRange r = b.allowedKnobs().get(c.knob().name());
      if (r == null) {
        return GuardVerdict.veto(
            name(), c.knob().name() + " is not among the knobs this cluster allows");
      }
      if (!r.contains(c.to())) {
        return GuardVerdict.veto(
            name(),
            c.knob().name()
                + "="
                + c.knob().format(c.to())
                + " is outside the allowed ["
                + c.knob().format(r.min())
                + ", "
                + c.knob().format(r.max())
                + "]");
      }
      return GuardVerdict.allow(name(), c.knob().name() + " within bounds");
    }
    return GuardVerdict.allow(name(), "no change");
  }

  private GuardVerdict replicas(String what, int to, int delta, int min, int max, Bounds b) {
    if (to < min || to > max) {
      return GuardVerdict.veto(
          name(), what + "=" + to + " is outside the allowed [" + min + ", " + max + "]");
    }
    if (Math.abs(delta) > b.maxReplicaStep()) {
      return GuardVerdict.veto(
          name(),
          what
              + " step of "
              + delta
              + " is larger than the allowed "
              + b.maxReplicaStep()
              + " per decision");
    }
    return GuardVerdict.allow(name(), what + " within bounds");
  }
}
