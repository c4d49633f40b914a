package io.tuneloop.tuning.action;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.knobs.DurabilityDenylist;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.Objects;

/**
 * One change Tuneloop may make to a cluster, or none. Every action is validated when constructed:
 * replicas stay inside the catalog's range, a setting change names a catalog knob (never a
 * denylisted one) and a legal value, so an invalid action cannot exist. Narrower CR bounds are the
 * planner's and the bounds guard's concern.
 */
public sealed interface Action
    permits Action.NoOp, Action.ScaleBrokers, Action.ScaleBookies, Action.ChangeSetting {

  /** How the change reaches the cluster; {@code null} never: a no-op counts as {@code DYNAMIC}. */
  ApplyMethod applyMethod();

  /** Whether it restarts, adds or removes pods. */
  boolean isDisruptive();

  /** Stable short name for metrics and records: noop, scale-brokers, scale-bookies, setting. */
  String kind();

  /** One line a reviewer reads, for example {@code journalMaxGroupWaitMSec 1 -> 2 (bookies)}. */
  String describe();

  /** The settings the cluster would have once the action is fully applied. */
  ClusterSettings applyTo(ClusterSettings current);

  /**
   * Price of the disruption in pod-hour equivalents: the knob's cost per pod restarted or replica
   * changed (a dynamic change is charged once). {@code current} gives the number of pods a rolling
   * restart touches.
   */
  double disruptionUnits(ClusterSettings current);

  /** Leave everything as it is. */
  static NoOp noOp() {
    return NoOp.INSTANCE;
  }

  /** Do nothing. */
  record NoOp() implements Action {
    static final NoOp INSTANCE = new NoOp();

    @Override
    public ApplyMethod applyMethod() {
      return ApplyMethod.DYNAMIC;
    }

    @Override
    public boolean isDisruptive() {
      return false;
    }

    @Override
    public String kind() {
      return "noop";
    }

    @Override
    public String describe() {
      return "no change";
    }

    @Override
    public ClusterSettings applyTo(ClusterSettings current) {
      return current;
    }

    @Override
    public double disruptionUnits(ClusterSettings current) {
      return 0;
    }
  }

  /** Change the broker StatefulSet from {@code from} to {@code to} replicas. */
  record ScaleBrokers(int from, int to) implements Action {
    public ScaleBrokers {
      requireScale(KnobCatalog.BROKERS, from, to);
    }

    /** {@code delta} brokers more (or fewer, when negative) than {@code from}. */
    public static ScaleBrokers by(int from, int delta) {
      return new ScaleBrokers(from, from + delta);
    }

    public int delta() {
      return to - from;
    }

    @Override
    public ApplyMethod applyMethod() {
      return ApplyMethod.SCALE;
    }

    @Override
    public boolean isDisruptive() {
      return true;
    }

    @Override
    public String kind() {
      return "scale-brokers";
    }

    @Override
    public String describe() {
      return "brokers " + from + " -> " + to;
    }

    @Override
    public ClusterSettings applyTo(ClusterSettings current) {
      return current.withReplicas(to, current.bookies());
    }

    @Override
    public double disruptionUnits(ClusterSettings current) {
      return KnobCatalog.BROKERS.disruptionCost() * Math.abs(delta());
    }
  }

  /**
   * Change the bookie StatefulSet from {@code from} to {@code to} replicas. A scale-down must be
   * carried out by safe decommission (one bookie at a time, after its ledgers re-replicate).
   */
  record ScaleBookies(int from, int to) implements Action {
    public ScaleBookies {
      requireScale(KnobCatalog.BOOKIES, from, to);
    }

    public static ScaleBookies by(int from, int delta) {
      return new ScaleBookies(from, from + delta);
    }

    public int delta() {
      return to - from;
    }

    @Override
    public ApplyMethod applyMethod() {
      return ApplyMethod.SCALE;
    }

    @Override
    public boolean isDisruptive() {
      return true;
    }

    @Override
    public String kind() {
      return "scale-bookies";
    }

    @Override
    public String describe() {
      return "bookies " + from + " -> " + to + (to < from ? " (safe decommission)" : "");
    }

    @Override
    public ClusterSettings applyTo(ClusterSettings current) {
      return current.withReplicas(current.brokers(), to);
    }

    @Override
    public double disruptionUnits(ClusterSettings current) {
      return KnobCatalog.BOOKIES.disruptionCost() * Math.abs(delta());
    }
  }

  /**
   * Set one catalog knob from {@code from} (as observed, possibly outside the catalog range) to
   * {@code to} (always inside it). The knob is always the standard catalog's own instance.
   */
  record ChangeSetting(Knob knob, double from, double to) implements Action {
    public ChangeSetting {
      Objects.requireNonNull(knob, "knob");
      // A Knob cannot carry a denylisted name; checking again keeps this record safe on its own.
      DurabilityDenylist.requireAllowed(knob.name());
      if (!KnobCatalog.standard().contains(knob)) {
        throw new IllegalArgumentException(
            "knob " + knob.name() + " is not the catalog's " + KnobCatalog.VERSION + " definition");
      }
      if (knob.isReplicas()) {
        throw new IllegalArgumentException(
            knob.name() + " is a replica count; use ScaleBrokers or ScaleBookies");
      }
      if (!Double.isFinite(from)) {
        throw new IllegalArgumentException(
            knob.name() + " current value " + from + " is not finite");
      }
      knob.requireAllowed(to);
      if (from == to) {
        throw new IllegalArgumentException(
            knob.name() + " is already " + knob.format(to) + "; a change must differ");
      }
    }

    /** A change of the knob named {@code name} (looked up in the standard catalog). */
    public static ChangeSetting of(String name, double from, double to) {
      return new ChangeSetting(KnobCatalog.standard().get(name), from, to);
    }

    @Override
    public ApplyMethod applyMethod() {
      return knob.applyMethod();
    }

    @Override
    public boolean isDisruptive() {
      return knob.applyMethod().isDisruptive();
    }

    @Override
    public String kind() {
      return "setting";
    }

    @Override
    public String describe() {
      String where =
          switch (knob.applyMethod()) {
            case DYNAMIC -> "dynamic";
            case ROLLING_RESTART_BROKERS -> "rolling restart of brokers";
            case ROLLING_RESTART_BOOKIES -> "rolling restart of bookies";
            case SCALE -> "scale";
          };
      return knob.name() + " " + knob.format(from) + " -> " + knob.format(to) + " (" + where + ")";
    }

    @Override
    public ClusterSettings applyTo(ClusterSettings current) {
      return current.with(knob.name(), knob.format(to));
    }

    @Override
    public double disruptionUnits(ClusterSettings current) {
      int pods =
          switch (knob.applyMethod()) {
            case ROLLING_RESTART_BOOKIES -> Math.max(1, current.bookies());
            case ROLLING_RESTART_BROKERS -> Math.max(1, current.brokers());
            default -> 1;
          };
      return knob.disruptionCost() * pods;
    }
  }

  private static void requireScale(Knob replicas, int from, int to) {
    if (from < 0) {
      throw new IllegalArgumentException(replicas.name() + " current count " + from + " is < 0");
    }
    replicas.requireAllowed(to);
    if (from == to) {
      throw new IllegalArgumentException(
          replicas.name() + " is already " + to + "; a scale action must change it");
    }
  }
}
