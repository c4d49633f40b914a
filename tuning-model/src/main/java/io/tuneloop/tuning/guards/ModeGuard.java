package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.planner.Mode;

/** Only {@code Auto} applies changes; {@code Observe} and {@code Recommend} only record them. */
public final class ModeGuard implements Guard {
  @Override
  public String name() {
    return "mode";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (action instanceof Action.NoOp || context.mode() == Mode.AUTO) {
      return GuardVerdict.allow(name(), "mode " + context.mode() + " allows it");
    }
    return GuardVerdict.veto(
        name(),
        "cluster is in "
            + context.mode()
            + " mode: "
            + action.describe()
            + " is recorded, not applied");
  }
}
