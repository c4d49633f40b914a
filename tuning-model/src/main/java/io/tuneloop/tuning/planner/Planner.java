package io.tuneloop.tuning.planner;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.model.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses the cheapest candidate whose pessimistic prediction meets the objectives.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every candidate lies inside the request's bounds (see {@link CandidateGenerator}).
 *   <li>Feasible means predicted p99 + κ·spread ≤ SLO, peak CPU + κ·spread ≤ utilisation target,
 *       and headroom − κ·spread ≥ the floor. When exploring (Auto mode and the caller allows it),
 *       the means alone are used: optimism, but only among in-bounds candidates.
 *   <li>When doing nothing is feasible, a change is chosen only if it is feasible and saves at
 *       least {@code minGain}; otherwise the plan is the no-op ("within the noise").
 *   <li>Feasible also means the hottest broker's observed CPU, spread over the candidate's brokers
 *       ({@link CapacityProjection}), stays at or below the utilisation target: a check on the
 *       model from the snapshot alone. (Bookies are left to the model: their settings, the group
 *       commit above all, change what a bookie can carry.)
 *   <li>When doing nothing is not feasible, the cheapest feasible candidate is chosen, but not a
 *       rolling restart when the miss is within the model's uncertainty (doing nothing's optimistic
 *       prediction meets every objective): a roll pauses writes, a cost of its own; if none is
 *       feasible, the one with the least projected capacity excess and, among those, the least
 *       predicted shortfall, provided it improves on doing nothing: by projected capacity, or by
 *       more than the model's own uncertainty (its pessimistic shortfall, at mean + κ·spread, is
 *       below doing nothing's optimistic one, at mean − κ·spread), or, within that uncertainty, if
 *       it adds pods to a tier the snapshot shows under pressure ({@link TierPressure}). A
 *       difference within the ensemble's spread is not evidence that a change helps, and acting on
 *       it every window ratchets idle replicas up for nothing.
 *   <li>Every plan names its reason and up to three runner-ups with their predictions and costs.
 * </ul>
 */
public final class Planner {
  private static final int RUNNER_UPS = 3;
  private final Predictor predictor;
  private final CandidateGenerator generator;

  public Planner(Predictor predictor, CandidateGenerator generator) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /**
   * @throws IllegalArgumentException when the snapshot reports a knob value that does not parse
   *     (the message names the knob and the value); no plan is made then
   * @throws IllegalStateException when the predictor breaks its contract (wrong count, non-finite
   *     output)
   */
  public Plan plan(PlanRequest request) {
    return plan(request, a -> true);
  }

  /**
   * A plan among the candidates {@code admissible} accepts (the no-op is always considered), for a
   * caller that would rather take the best action its guards allow now than hold the best action
   * until they allow it: when the best fix for a missed SLO is a restart that must wait for a roll
   * in flight, adding capacity now beats doing nothing.
   *
   * @throws IllegalArgumentException as {@link #plan(PlanRequest)}
   * @throws IllegalStateException as {@link #plan(PlanRequest)}
   */
  public Plan plan(PlanRequest request, Predicate<Action> admissible) {
    ClusterSettings current = request.snapshot().settings();
    List<Action> generated = generator.candidates(current, request.bounds());
    List<Action> candidates = new ArrayList<>(generated.size());
    for (Action a : generated) {
      if (a instanceof Action.NoOp || admissible.test(a)) {
        candidates.add(a);
      }
    }
    int held = generated.size() - candidates.size();
    List<ClusterSettings> after = new ArrayList<>(candidates.size());
    for (Action a : candidates) {
      after.add(a.applyTo(current));
    }
    List<Prediction> predictions = predictor.predict(request.snapshot(), after);
    if (predictions.size() != candidates.size()) {
      throw new IllegalStateException(
          "predictor "
              + predictor.version()
              + " returned "
              + predictions.size()
              + " predictions for "
              + candidates.size()
              + " candidates");
    }
    Objectives o = request.objectives();
    double kappa = request.exploring() ? 0 : o.kappa();
    CapacityProjection capacity = CapacityProjection.of(request.snapshot());
    List<Scored> scored = score(candidates, predictions, current, o, kappa, capacity);
    TierPressure pressure = TierPressure.of(request.snapshot());
    Choice choice = choose(scored, o, pressure);
    boolean explored = false;
    if (request.exploring()) {
      Choice cautious =
          choose(score(candidates, predictions, current, o, o.kappa(), capacity), o, pressure);
      explored = !cautious.chosen.candidate.action().equals(choice.chosen.candidate.action());
    }
    String reason =
        choice.why
            + (explored ? " (exploring: judged on predicted means, without the κ margin)" : "")
            + ". "
            + context(choice, scored, o, kappa)
            + (held > 0 ? fmt("; %d candidates not admissible now were left out", held) : "");
    List<ScoredCandidate> runnerUps = runnerUps(scored, choice.chosen);
    return new Plan(
        choice.chosen.candidate.action(),
        choice.chosen.candidate,
        reason,
        runnerUps,
        predictor.version(),
        explored);
  }

  /**
   * A candidate with its shortfalls: how far past the utilisation target the observed CPU projects
   * it to be ({@link CapacityProjection}; 0 = within), and how far past the objectives the model
   * predicts it to be (0 = none).
   */
  private record Scored(
      ScoredCandidate candidate,
      double capacityShortfall,
      double shortfall,
      double optimisticShortfall,
      int order) {}

  private record Choice(Scored chosen, String why) {}

  private static List<Scored> score(
      List<Action> candidates,
      List<Prediction> predictions,
      ClusterSettings current,
      Objectives o,
      double kappa,
      CapacityProjection capacity) {
    CostWeights w = o.costWeights();
    List<Scored> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Action a = candidates.get(i);
      Prediction p = predictions.get(i);
      ClusterSettings s = a.applyTo(current);
      Cost cost =
          Cost.of(
              w.horizonHours()
                  * (s.brokers() * w.brokerPodHour() + s.bookies() * w.bookiePodHour()),
              w.disruptionUnit() * a.disruptionUnits(current));
      List<String> violations = new ArrayList<>();
      double p99 = p.p99LatencyMs().upper(kappa);
      double cpu = p.peakCpuUtilisation().upper(kappa);
      double headroom = p.throughputHeadroom().lower(kappa);
      if (p99 > o.sloP99Ms()) {
        violations.add(fmt("p99 %.1f ms > SLO %.1f ms", p99, o.sloP99Ms()));
      }
      if (cpu > o.utilisationTarget()) {
        violations.add(fmt("CPU %.2f > target %.2f", cpu, o.utilisationTarget()));
      }
      if (headroom < o.minHeadroom()) {
        violations.add(fmt("headroom %.2f < %.2f", headroom, o.minHeadroom()));
      }
      double shortfall = shortfall(p99, cpu, headroom, o);
      double optimistic =
          shortfall(
              p.p99LatencyMs().lower(kappa),
              p.peakCpuUtilisation().lower(kappa),
              p.throughputHeadroom().upper(kappa),
              o);
      double capacityShortfall = 0;
      double brokerCpu = capacity.brokerCpuAt(s).orElse(0);
      if (brokerCpu > o.utilisationTarget()) {
        violations.add(
            fmt(
                "observed broker CPU projects to %.2f at %d brokers > target %.2f",
                brokerCpu, s.brokers(), o.utilisationTarget()));
        capacityShortfall += (brokerCpu - o.utilisationTarget()) / o.utilisationTarget();
      }
      out.add(
          new Scored(
              new ScoredCandidate(a, p, cost, violations),
              capacityShortfall,
              shortfall,
              optimistic,
              i));
    }
    return out;
  }

  private static boolean restarts(Scored s) {
    ApplyMethod m = s.candidate.action().applyMethod();
    return m == ApplyMethod.ROLLING_RESTART_BOOKIES || m == ApplyMethod.ROLLING_RESTART_BROKERS;
  }

  /** How far past the objectives a prediction is, each part relative to its objective. */
  private static double shortfall(double p99, double cpu, double headroom, Objectives o) {
    double shortfall = 0;
    if (p99 > o.sloP99Ms()) {
      shortfall += (p99 - o.sloP99Ms()) / o.sloP99Ms();
    }
    if (cpu > o.utilisationTarget()) {
      shortfall += (cpu - o.utilisationTarget()) / o.utilisationTarget();
    }
    if (headroom < o.minHeadroom()) {
      shortfall += o.minHeadroom() - headroom;
    }
    return shortfall;
  }

  /** Cheapest first; among equal costs, the less disruptive, then the earlier candidate. */
  private static final Comparator<Scored> BY_COST =
      Comparator.<Scored>comparingDouble(s -> s.candidate.cost().total())
          .thenComparing(s -> s.candidate.action().isDisruptive())
          .thenComparingInt(Scored::order);

  private static Choice choose(List<Scored> scored, Objectives o, TierPressure pressure) {
    Scored noOp = scored.get(0);
    List<Scored> feasible = scored.stream().filter(s -> s.candidate.feasible()).toList();
    if (noOp.candidate.feasible()) {
      Scored best = feasible.stream().min(BY_COST).orElseThrow();
      double saving = noOp.candidate.cost().total() - best.candidate.cost().total();
      if (best != noOp && saving >= o.minGain()) {
        return new Choice(
            best,
            fmt(
                "Chose %s: it meets every objective and saves %.2f over doing nothing",
                describe(best), saving));
      }
      if (best != noOp) {
        return new Choice(
            noOp,
            fmt(
                "Kept things as they are: the cluster meets every objective and the best change (%s)"
                    + " would save only %.2f, below the %.2f worth acting on",
                describe(best), saving, o.minGain()));
      }
      return new Choice(
          noOp,
          "Kept things as they are: the cluster meets every objective and no change is cheaper");
    }
    String missing = String.join("; ", noOp.candidate.violations());
    // A rolling restart pauses writes on every pod it restarts, so it costs SLO minutes of its
    // own: worth paying for a miss the model is sure of, not for one within its uncertainty (doing
    // nothing's optimistic prediction meets every objective).
    boolean uncertainMiss = noOp.optimisticShortfall == 0;
    List<Scored> fixes =
        uncertainMiss ? feasible.stream().filter(s -> !restarts(s)).toList() : feasible;
    if (!fixes.isEmpty()) {
      Scored best = fixes.stream().min(BY_COST).orElseThrow();
      return new Choice(
          best,
          fmt(
              "Chose %s: doing nothing is predicted to miss (%s); it is the cheapest of %d"
                  + " candidates that meet every objective%s",
              describe(best),
              missing,
              fixes.size(),
              fixes.size() < feasible.size()
                  ? fmt(
                      " without a rolling restart (%d that restart pods were left out: the miss"
                          + " is within the model's uncertainty)",
                      feasible.size() - fixes.size())
                  : ""));
    }
    if (!feasible.isEmpty()) {
      return new Choice(
          noOp,
          fmt(
              "Kept things as they are: doing nothing is predicted to miss (%s), but only within"
                  + " the model's uncertainty, and the %d candidates that meet every objective"
                  + " restart pods, which pauses writes",
              missing, feasible.size()));
    }
    // The projection from observed CPU comes first: a tier that cannot carry the load it already
    // serves is a fact, and the model's view of a saturated cluster (latency dominated by the queue
    // it cannot see draining) is least trustworthy exactly then.
    Scored least =
        scored.stream()
            .min(
                Comparator.comparingDouble(Scored::capacityShortfall)
                    .thenComparingDouble(Scored::shortfall)
                    .thenComparing(BY_COST))
            .orElseThrow();
    if (least != noOp && least.capacityShortfall < noOp.capacityShortfall) {
      return new Choice(
          least,
          fmt(
              "Chose %s: no candidate meets every objective; doing nothing misses (%s) and this"
                  + " adds the capacity the observed CPU says is missing (projected excess"
                  + " %.2f -> %.2f)",
              describe(least), missing, noOp.capacityShortfall, least.capacityShortfall));
    }
    if (least != noOp
        && least.capacityShortfall == noOp.capacityShortfall
        && least.shortfall < noOp.optimisticShortfall) {
      return new Choice(
          least,
          fmt(
              "Chose %s: no candidate meets every objective; doing nothing misses (%s) and this"
                  + " reduces the predicted shortfall most (%.2f -> %.2f)",
              describe(least), missing, noOp.shortfall, least.shortfall));
    }
    // Within the model's uncertainty, adding pods to a tier that shows pressure is still a bet
    // worth making while the SLO is missed; anything else waits for better evidence.
    Optional<Scored> bet =
        scored.stream()
            .filter(s -> s.capacityShortfall == noOp.capacityShortfall)
            .filter(s -> s.shortfall < noOp.shortfall)
            .filter(s -> pressure.addsToPressedTier(s.candidate.action(), o))
            .min(Comparator.comparingDouble(Scored::shortfall).thenComparing(BY_COST));
    if (bet.isPresent()) {
      return new Choice(
          bet.get(),
          fmt(
              "Chose %s: no candidate meets every objective; doing nothing misses (%s) and this"
                  + " adds pods to a tier under pressure (%s); its predicted gain (%.2f -> %.2f) is"
                  + " within the model's uncertainty",
              describe(bet.get()),
              missing,
              pressure.describe(),
              noOp.shortfall,
              bet.get().shortfall));
    }
    if (least != noOp
        && least.capacityShortfall == noOp.capacityShortfall
        && least.shortfall < noOp.shortfall) {
      return new Choice(
          noOp,
          fmt(
              "Kept things as they are: doing nothing misses (%s); the best candidate (%s) is"
                  + " predicted to reduce the shortfall only within the model's uncertainty"
                  + " (%.2f pessimistic vs %.2f optimistic for doing nothing)",
              missing, describe(least), least.shortfall, noOp.optimisticShortfall));
    }
    return new Choice(
        noOp,
        fmt(
            "Kept things as they are: doing nothing misses (%s) but no candidate within bounds is"
                + " predicted to do better",
            missing));
  }

  private static String context(Choice c, List<Scored> scored, Objectives o, double kappa) {
    ScoredCandidate s = c.chosen.candidate;
    long feasible = scored.stream().filter(x -> x.candidate.feasible()).count();
    return fmt(
        "Predicted %s (κ=%.1f) against p99 ≤ %.1f ms, CPU ≤ %.2f, headroom ≥ %.2f; cost %.2f"
            + " (%.2f pod-hours, %.2f disruption); %d of %d candidates feasible",
        s.prediction().summary(),
        kappa,
        o.sloP99Ms(),
        o.utilisationTarget(),
        o.minHeadroom(),
        s.cost().total(),
        s.cost().podHours(),
        s.cost().disruption(),
        feasible,
        scored.size());
  }

  private static List<ScoredCandidate> runnerUps(List<Scored> scored, Scored chosen) {
    return scored.stream()
        .filter(s -> s != chosen)
        .sorted(
            Comparator.<Scored, Boolean>comparing(s -> !s.candidate.feasible())
                .thenComparing(
                    (a, b) ->
                        a.candidate.feasible()
                            ? BY_COST.compare(a, b)
                            : Comparator.comparingDouble(Scored::capacityShortfall)
                                .thenComparingDouble(Scored::shortfall)
                                .compare(a, b)))
        .limit(RUNNER_UPS)
        .map(Scored::candidate)
        .toList();
  }

  private static String describe(Scored s) {
    return s.candidate.action().describe();
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
