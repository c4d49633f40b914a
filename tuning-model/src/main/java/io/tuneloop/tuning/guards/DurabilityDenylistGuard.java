package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.DurabilityDenylist;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Vetoes a setting change on the durability denylist or on a key the cluster's owner protected.
 * Denylisted actions cannot be constructed in the first place; this guard is the second line, and
 * the one that enforces owner-protected keys.
 */
public final class DurabilityDenylistGuard implements Guard {
  private final Set<String> protectedKeys;

  public DurabilityDenylistGuard(Set<String> protectedKeys) {
    this.protectedKeys =
        protectedKeys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  @Override
  public String name() {
    return "durability-denylist";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (!(action instanceof Action.ChangeSetting c)) {
      return GuardVerdict.allow(name(), "not a setting change");
    }
    String key = c.knob().name();
    Optional<String> denied = DurabilityDenylist.reasonFor(key);
    if (denied.isPresent()) {
      return GuardVerdict.veto(name(), key + " is never tuned: " + denied.get());
    }
    if (protectedKeys.contains(key.toLowerCase(Locale.ROOT))) {
      return GuardVerdict.veto(name(), key + " is protected by the cluster's owner");
    }
    return GuardVerdict.allow(name(), key + " is tunable");
  }
}
