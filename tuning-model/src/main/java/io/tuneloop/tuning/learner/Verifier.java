package io.tuneloop.tuning.learner;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.planner.Objectives;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what was observed after an action settled with the window before it and with the
 * prediction. An action is rolled back when it made things measurably worse in a way that matters:
 * p99 rose by more than the tolerance and now misses the SLO, or peak CPU rose by more than the
 * tolerance and now exceeds the target, or headroom fell by more than the tolerance below the
 * floor. Otherwise it is verified; a miss of the predicted band is noted (the learner learns from
 * it) but is not by itself a reason to undo.
 */
public final class Verifier {
  private final Objectives objectives;
  private final double relativeTolerance;
  private final double absoluteTolerance;

  /**
   * @param relativeTolerance allowed relative rise of p99 (0.1 = 10%) before it is a regression
   * @param absoluteTolerance allowed rise of CPU and fall of headroom (ratios) before a regression
   */
  public Verifier(Objectives objectives, double relativeTolerance, double absoluteTolerance) {
    this.objectives = Objects.requireNonNull(objectives, "objectives");
    if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0)) {
      throw new IllegalArgumentException(
          "tolerances must be >= 0, got " + relativeTolerance + " and " + absoluteTolerance);
    }
    this.relativeTolerance = relativeTolerance;
    this.absoluteTolerance = absoluteTolerance;
  }

  public Verification verify(
      Action action, Prediction predicted, ObservedOutcome before, ObservedOutcome after) {
    List<String> regressions = new ArrayList<>();
    if (after.p99LatencyMs() > before.p99LatencyMs() * (1 + relativeTolerance)
        && after.p99LatencyMs() > objectives.sloP99Ms()) {
      regressions.add(
          fmt(
              "p99 rose from %.1f to %.1f ms, over the %.1f ms SLO",
              before.p99LatencyMs(), after.p99LatencyMs(), objectives.sloP99Ms()));
    }
    if (after.peakCpuUtilisation() > before.peakCpuUtilisation() + absoluteTolerance
        && after.peakCpuUtilisation() > objectives.utilisationTarget()) {
      regressions.add(
          fmt(
              "peak CPU rose from %.2f to %.2f, over the %.2f target",
              before.peakCpuUtilisation(),
              after.peakCpuUtilisation(),
              objectives.utilisationTarget()));
    }
    if (after.headroom() < before.headroom() - absoluteTolerance
        && after.headroom() < objectives.minHeadroom()) {
      regressions.add(
          fmt(
              "headroom fell from %.2f to %.2f, below the %.2f floor",
              before.headroom(), after.headroom(), objectives.minHeadroom()));
    }
    List<String> misses = predictionMisses(predicted, after);
    String band =
        misses.isEmpty()
            ? "observed within the predicted band"
            : "outside the predicted band: " + String.join("; ", misses);
    if (!regressions.isEmpty() && action instanceof Action.NoOp) {
      // Nothing was changed, so nothing can be undone: the load moved, not Tuneloop.
      return new Verification.Verified(
          "no change was made; the cluster got worse on its own ("
              + String.join("; ", regressions)
              + "); "
              + band,
          misses.isEmpty());
    }
    if (!regressions.isEmpty()) {
      Optional<Action> undo = undo(action);
      return new Verification.RolledBack(
          action.describe()
              + " made things worse ("
              + String.join("; ", regressions)
              + "); "
              + band
              + (undo.isPresent()
                  ? "; undo: " + undo.get().describe()
                  : "; the previous value cannot be restored automatically"),
          undo);
    }
    return new Verification.Verified(
        action.describe() + " verified: no regression beyond tolerance; " + band, misses.isEmpty());
  }

  private List<String> predictionMisses(Prediction p, ObservedOutcome o) {
    double k = objectives.kappa();
    List<String> misses = new ArrayList<>();
    check(misses, "p99", o.p99LatencyMs(), p.p99LatencyMs().lower(k), p.p99LatencyMs().upper(k));
    check(
        misses,
        "CPU",
        o.peakCpuUtilisation(),
        p.peakCpuUtilisation().lower(k),
        p.peakCpuUtilisation().upper(k));
    check(
        misses,
        "headroom",
        o.headroom(),
        p.throughputHeadroom().lower(k),
        p.throughputHeadroom().upper(k));
    return misses;
  }

  private static void check(List<String> misses, String what, double v, double lo, double hi) {
    if (v < lo || v > hi) {
      misses.add(fmt("%s %.2f not in [%.2f, %.2f]", what, v, lo, hi));
    }
  }

  /** The action that restores the state before {@code action}, when one can be constructed. */
  public static Optional<Action> undo(Action action) {
    try {
      if (action instanceof Action.ScaleBrokers s) {
        return Optional.of(new Action.ScaleBrokers(s.to(), s.from()));
      }
      if (action instanceof Action.ScaleBookies s) {
        return Optional.of(new Action.ScaleBookies(s.to(), s.from()));
      }
      if (action instanceof Action.ChangeSetting c) {
        return Optional.of(new Action.ChangeSetting(c.knob(), c.to(), c.from()));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
