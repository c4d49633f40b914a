package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every guard on an action; each is asked even after a veto, so a record lists them all. With
 * an {@link UrgentScaleUp} rule, the vetoes of guards that only pace changes are waived for an
 * urgent scale-up, and the verdict says so and why.
 */
public final class GuardChain {
  private final List<Guard> guards;
  private final Optional<UrgentScaleUp> urgent;

  public GuardChain(List<Guard> guards) {
    this(guards, Optional.empty());
  }

  private GuardChain(List<Guard> guards, Optional<UrgentScaleUp> urgent) {
    if (guards.isEmpty()) {
      throw new IllegalArgumentException("a guard chain needs at least one guard");
    }
    this.guards = List.copyOf(guards);
    this.urgent = urgent;
  }

  /** The same guards, with pacing vetoes waived for scale-ups that {@code rule} finds urgent. */
  public GuardChain withUrgentScaleUp(UrgentScaleUp rule) {
    return new GuardChain(guards, Optional.of(rule));
  }

  /** These guards and then {@code guard}, with the same urgent scale-up rule. */
  public GuardChain with(Guard guard) {
    List<Guard> more = new ArrayList<>(guards);
    more.add(guard);
    return new GuardChain(more, urgent);
  }

  /**
   * The guards of DESIGN.md section 1 with the given settings.
   *
   * @param protectedKeys extra settings the cluster's owner never wants touched
   */
  public static GuardChain standard(
      Duration cooldown,
      Duration stabilisation,
      int maxChangesPerHour,
      Duration maxSnapshotAge,
      double minCompleteness,
      int maxRollbacks,
      Duration rollbackWindow,
      Set<String> protectedKeys) {
    return new GuardChain(
        List.of(
            new ModeGuard(),
            new DurabilityDenylistGuard(protectedKeys),
            new BoundsGuard(),
            new SnapshotFreshnessGuard(maxSnapshotAge, minCompleteness),
            new CooldownGuard(cooldown),
            new StabilisationWindowGuard(stabilisation),
            new OneDisruptiveChangeGuard(),
            new UnderReplicationGuard(),
            new ChangeBudgetGuard(maxChangesPerHour),
            new RollbackBreakerGuard(maxRollbacks, rollbackWindow)));
  }

  public List<Guard> guards() {
    return guards;
  }

  public GuardReport check(Action action, GuardContext context) {
    List<GuardVerdict> out = new ArrayList<>(guards.size());
    Optional<String> urgency = urgent.flatMap(u -> u.why(action, context));
    for (Guard g : guards) {
      GuardVerdict v = g.check(action, context);
      if (v.vetoed() && urgency.isPresent() && g.yieldsToUrgentScaleUp()) {
        v =
            GuardVerdict.allow(
                g.name(), "waived, urgent: " + urgency.get() + " (" + v.reason() + ")");
      }
      out.add(v);
    }
    return new GuardReport(out);
  }
}
