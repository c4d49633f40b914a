package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.planner.Mode;
import java.util.List;
import java.util.Optional;

/** Every guard's verdict on one action. The action may go ahead only if no guard vetoed it. */
public record GuardReport(List<GuardVerdict> verdicts) {

  public GuardReport {
    verdicts = List.copyOf(verdicts);
  }

  public boolean allowed() {
    return verdicts.stream().allMatch(GuardVerdict::allowed);
  }

  public List<GuardVerdict> vetoes() {
    return verdicts.stream().filter(GuardVerdict::vetoed).toList();
  }

  /** The strictest mode any guard asks the cluster to drop to. */
  public Optional<Mode> demoteTo() {
    return verdicts.stream()
        .flatMap(v -> v.demoteTo().stream())
        .min(java.util.Comparator.naturalOrder());
  }

  /** The veto reasons joined for a decision record, or "allowed by every guard". */
  public String summary() {
    List<GuardVerdict> v = vetoes();
    if (v.isEmpty()) {
      return "allowed by every guard";
    }
    return String.join("; ", v.stream().map(x -> x.guard() + ": " + x.reason()).toList());
  }
}
