package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Vetoes, for {@code memory} after a change was {@link ActionRecord.Phase#ABANDONED abandoned}, the
 * change that would stall the same way again: the same knob set to the same value, or a scale-up of
 * the same workload that would create the same pod again (the abandoned target's highest ordinal).
 * A change that stalled is abandoned because a pod it touched never became ready; the value it
 * wrote (or the pod it added) is the likeliest cause, and the cooldown alone only delays the
 * repeat. Any other change, including the same knob at another value, stays allowed.
 *
 * <p>The memory comes from the history (the operator's TuningDecisions), so it survives a restart.
 * Not waived for an urgent scale-up: a pod that did not become ready adds no capacity.
 */
public final class AbandonedChangeGuard implements Guard {
  private final Duration memory;

  /**
   * @param memory how long after a change was abandoned its repeat is vetoed
   */
  public AbandonedChangeGuard(Duration memory) {
    if (memory.isNegative() || memory.isZero()) {
      throw new IllegalArgumentException("abandoned-change memory " + memory + " must be positive");
    }
    this.memory = memory;
  }

  @Override
  public String name() {
    return "abandoned-change";
  }

  @Override
  public GuardVerdict check(Action action, GuardContext context) {
    if (action instanceof Action.NoOp) {
      return GuardVerdict.allow(name(), "no change");
    }
    Instant since = context.now().minus(memory);
    // Newest first, so the verdict names the latest abandonment.
    for (int i = context.history().size() - 1; i >= 0; i--) {
      ActionRecord r = context.history().get(i);
      if (r.phase() != ActionRecord.Phase.ABANDONED || r.appliedAt().isBefore(since)) {
        continue;
      }
      Optional<String> repeat = repeats(action, r.action());
      if (repeat.isPresent()) {
        Instant until = r.appliedAt().plus(memory);
        return GuardVerdict.veto(
            name(),
            repeat.get()
                + ", as decision "
                + r.decision().orElse("(unnamed)")
                + " ("
                + r.action().describe()
                + ") did before it stalled at its progress deadline and was abandoned at "
                + r.appliedAt()
                + "; not proposed again until "
                + until);
      }
    }
    return GuardVerdict.allow(name(), "repeats no abandoned change");
  }

  /** What {@code action} repeats of {@code abandoned}, in words; empty when it repeats nothing. */
  private static Optional<String> repeats(Action action, Action abandoned) {
    if (action instanceof Action.ChangeSetting c
        && abandoned instanceof Action.ChangeSetting a
        && c.knob().name().equals(a.knob().name())
        && c.to() == a.to()) {
      return Optional.of("sets " + c.knob().name() + " to " + c.knob().format(c.to()));
    }
    if (action instanceof Action.ScaleBrokers s && abandoned instanceof Action.ScaleBrokers a) {
      return recreates("broker", s.from(), s.to(), a.from(), a.to());
    }
    if (action instanceof Action.ScaleBookies s && abandoned instanceof Action.ScaleBookies a) {
      return recreates("bookie", s.from(), s.to(), a.from(), a.to());
    }
    return Optional.empty();
  }

  /**
   * Whether scaling {@code from -> to} creates again the highest pod an abandoned scale-up {@code
   * abandonedFrom -> abandonedTo} created (ordinal {@code abandonedTo - 1}, the one it waited for
   * last).
   */
  private static Optional<String> recreates(
      String workload, int from, int to, int abandonedFrom, int abandonedTo) {
    if (abandonedTo <= abandonedFrom) {
      return Optional.empty();
    }
    int pod = abandonedTo - 1;
    if (from <= pod && pod < to) {
      return Optional.of(
          "scaling " + workload + "s " + from + " -> " + to + " creates " + workload + " " + pod);
    }
    return Optional.empty();
  }
}
