package io.tuneloop.tuning.guards;

import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs every guard on an action; each is asked even after a veto, so a record lists them all. */
public final class GuardChain {
  private final List<Guard> guards;

  public GuardChain(List<Guard> guards) {
    if (guards.isEmpty()) {
      throw new IllegalArgumentException("a guard chain needs at least one guard");
    }
    this.guards = List.copyOf(guards);
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
    for (Guard g : guards) {
      out.add(g.check(action, context));
    }
    return new GuardReport(out);
  }
}
