package io.tuneloop.operator.loop;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DecisionJournal;
import io.tuneloop.operator.decisions.DecisionRecords;
import io.tuneloop.operator.env.ChangeProgress;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.env.RetryableApplyFailure;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import io.tuneloop.tuning.guards.AbandonedChangeGuard;
import io.tuneloop.tuning.guards.ActionRecord;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.guards.GuardVerdict;
import io.tuneloop.tuning.guards.UrgentScaleUp;
import io.tuneloop.tuning.learner.Verification;
import io.tuneloop.tuning.learner.Verifier;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.ScoredCandidate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One pass of observe → decide → guard → act → record → verify for one cluster, the same on
 * Kubernetes and in {@code --local} mode.
 *
 * <p>Contract: at most one change is in flight per cluster. A pass either advances the in-flight
 * decision (apply one more step, verify after the settle window, roll back on regression) or, when
 * none is in flight, observes and decides. A decision to act is written in phase {@code Planned}
 * before the environment is touched, so a pass after a crash finds it and continues (the
 * environment's apply is idempotent). Nothing is applied outside {@code Auto} mode or against a
 * guard's veto. A change that stops making progress while a pod is unready stalls at the cluster's
 * progress deadline and touches nothing more (see {@code progressDeadline}).
 */
public final class TuningLoop implements PerClusterState {
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * How long the same change is not made again after it was abandoned at its progress deadline: a
   * day, long enough for a person to have looked at the stuck pod, short enough that a cause that
   * was not the change (a lost node) does not keep a good value out for long.
   */
  static final Duration ABANDONED_CHANGE_MEMORY = Duration.ofHours(24);

  private final DecisionMaker maker;
  private final DecisionJournal journal;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Duration progressPoll;
  private final OutcomeSink learner;
  private final PassObserver observer;
  // Snapshots decisions were made on, by decision name, for the learn step; a restart loses them
  // (and that experience), never a decision. A deleted cluster's are dropped by forget().
  private final java.util.Map<String, Decided> decidedOn =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Decided(String clusterId, ClusterSnapshot snapshot) {}

  /**
   * @param progressPoll how soon to look again while a change is being carried out
   */
  public TuningLoop(
      DecisionMaker maker,
      DecisionJournal journal,
      OperatorMetrics metrics,
      Clock clock,
      Duration progressPoll) {
    this(maker, journal, metrics, clock, progressPoll, OutcomeSink.none());
  }

  /**
   * @param learner receives each verified or rolled-back outcome (the learn step)
   */
  public TuningLoop(
      DecisionMaker maker,
      DecisionJournal journal,
      OperatorMetrics metrics,
      Clock clock,
      Duration progressPoll,
      OutcomeSink learner) {
    this(maker, journal, metrics, clock, progressPoll, learner, PassObserver.none());
  }

  /**
   * @param observer told about every pass once it is done
   */
  public TuningLoop(
      DecisionMaker maker,
      DecisionJournal journal,
      OperatorMetrics metrics,
      Clock clock,
      Duration progressPoll,
      OutcomeSink learner,
      PassObserver observer) {
    this.observer = observer;
    this.learner = learner;
    this.maker = maker;
    this.journal = journal;
    this.metrics = metrics;
    this.clock = clock;
    this.progressPoll = progressPoll;
  }

  /**
   * @param decorate adds what the journal's store needs to a new decision (owner reference)
   */
  public LoopResult run(
      ClusterPlan plan, Environment env, EventSink events, Consumer<TuningDecision> decorate) {
    List<TuningDecision> decisions = journal.list(plan.namespace(), plan.name());
    closeUnrecorded(decisions);
    collectGarbage(plan, decisions);
    Optional<TuningDecision> inFlight =
        decisions.stream()
            .filter(d -> d.getStatus() != null && d.getStatus().phase != null)
            .filter(d -> !d.getStatus().phase.isFinal())
            .findFirst();
    LoopResult result =
        inFlight.isPresent()
            ? advance(plan, env, events, inFlight.get(), plan.mode())
            : decide(plan, env, events, decorate, decisions);
    observer.passed(plan, result);
    return result;
  }

  private LoopResult decide(
      ClusterPlan plan,
      Environment env,
      EventSink events,
      Consumer<TuningDecision> decorate,
      List<TuningDecision> decisions) {
    String cluster = plan.name();
    Instant now = clock.instant();
    ClusterSnapshot snapshot;
    try {
      snapshot = env.observe();
    } catch (TelemetryException e) {
      return result(
          plan.mode(),
          null,
          "no telemetry: " + e.getMessage(),
          null,
          null,
          null,
          null,
          "holding: no telemetry",
          plan.interval());
    }
    metrics.observed(plan.clusterId(), snapshot);
    metrics.sloP99Ms(plan.clusterId(), plan.objectives().sloP99Ms());
    String telemetryProblem = telemetryProblem(plan, snapshot, now);

    List<ActionRecord> history = new ArrayList<>();
    for (TuningDecision d : decisions) {
      DecisionRecords.history(d, plan.guardrails().settleWindow()).ifPresent(history::add);
    }
    Plan choice;
    try {
      choice =
          maker.decide(
              new PlanRequest(snapshot, plan.bounds(), plan.objectives(), plan.mode(), true));
    } catch (RuntimeException e) {
      return result(
          plan.mode(),
          snapshot,
          telemetryProblem,
          "planner failed: " + e.getMessage(),
          null,
          null,
          null,
          "holding: planner failed",
          plan.interval());
    }
    Action action = choice.chosen();
    if (action instanceof Action.NoOp) {
      metrics.decision(plan.clusterId(), action.kind(), "None");
      metrics.mode(plan.clusterId(), plan.mode());
      return result(
          plan.mode(),
          snapshot,
          telemetryProblem,
          null,
          choice.modelVersion(),
          null,
          null,
          "no change: " + choice.reason(),
          plan.interval());
    }

    GuardReport report =
        guards(plan)
            .check(action, new GuardContext(now, plan.mode(), snapshot, plan.bounds(), history));
    Mode effective = report.demoteTo().orElse(plan.mode());
    LoopResult.Degraded degraded = null;
    if (report.demoteTo().isPresent()) {
      degraded = new LoopResult.Degraded("RollbackBreaker", report.summary());
    }
    Phase phase;
    if (report.allowed()) {
      phase = Phase.Planned;
    } else if (report.vetoes().stream().allMatch(v -> onlyAboutMode(v, report))) {
      phase = Phase.Recommended;
    } else {
      phase = Phase.Rejected;
    }

    TuningDecision td = new TuningDecision();
    td.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(plan.namespace())
            .withName(decisionName(cluster, now))
            .addToLabels(TuningDecision.CLUSTER_LABEL, cluster)
            .addToLabels("tuneloop.io/action", action.kind())
            .build());
    decorate.accept(td);
    TuningDecisionSpec spec = new TuningDecisionSpec();
    spec.clusterName = cluster;
    spec.mode = modeName(effective);
    spec.action = DecisionRecords.record(action);
    spec.reason = choice.reason();
    spec.runnerUps = choice.runnerUps().stream().map(ScoredCandidate::summary).toList();
    spec.snapshot = DecisionRecords.summary(snapshot);
    spec.prediction = DecisionRecords.prediction(choice.chosenScore().prediction());
    spec.modelVersion = choice.modelVersion();
    spec.explored = choice.explored();
    td.setSpec(spec);
    TuningDecisionStatus status = new TuningDecisionStatus();
    status.phase = phase;
    status.plannedAt = now.toString();
    status.message = phase == Phase.Planned ? "planned; " + report.summary() : report.summary();
    if (phase.isFinal()) {
      status.finishedAt = now.toString();
    }
    td.setStatus(status);
    td = journal.create(td);
    if (phase == Phase.Planned) {
      decidedOn.put(td.getMetadata().getName(), new Decided(plan.clusterId(), snapshot));
    }
    metrics.decision(plan.clusterId(), action.kind(), phase.name());
    metrics.predictedP99Ms(plan.clusterId(), spec.prediction.p99PublishLatencyMs);
    metrics.mode(plan.clusterId(), effective);
    switch (phase) {
      case Recommended -> {
        if (effective != Mode.OBSERVE) {
          events.emit(false, "Recommendation", action.describe() + ": " + choice.reason());
        }
      }
      case Rejected ->
          events.emit(
              true, "DecisionRejected", action.describe() + " rejected: " + report.summary());
      default -> events.emit(false, "DecisionPlanned", action.describe() + ": " + choice.reason());
    }
    if (phase == Phase.Planned) {
      LoopResult acted = advance(plan, env, events, td, effective);
      return new LoopResult(
          acted.effectiveMode(),
          Optional.of(snapshot),
          Optional.ofNullable(telemetryProblem),
          Optional.empty(),
          Optional.of(choice.modelVersion()),
          acted.degraded(),
          acted.lastDecision(),
          acted.summary(),
          acted.requeueAfter());
    }
    return result(
        effective,
        snapshot,
        telemetryProblem,
        null,
        choice.modelVersion(),
        degraded,
        td,
        phase + ": " + action.describe(),
        plan.interval());
  }

  /** The mode guard (and the breaker's demotion) only say "record, don't apply". */
  private static boolean onlyAboutMode(GuardVerdict v, GuardReport report) {
    return v.guard().equals("mode") || v.demoteTo().isPresent();
  }

  private LoopResult advance(
      ClusterPlan plan, Environment env, EventSink events, TuningDecision td, Mode mode) {
    String cluster = plan.name();
    Instant now = clock.instant();
    TuningDecisionStatus st = td.getStatus();
    Action action;
    try {
      action = DecisionRecords.action(td.getSpec().action);
    } catch (IllegalArgumentException e) {
      finish(td, Phase.Rejected, "record cannot be read back as an action: " + e.getMessage(), now);
      events.emit(true, "DecisionRejected", td.getMetadata().getName() + ": " + e.getMessage());
      return result(
          mode, null, null, null, null, null, td, "rejected unreadable decision", progressPoll);
    }

    if (st.phase == Phase.Stalled) {
      return stalled(plan, env, events, td, action, mode);
    }
    if (st.phase == Phase.Planned) {
      Optional<LoopResult> held = retryNotDue(plan, td, mode);
      if (held.isEmpty()) {
        held = progressDeadline(plan, env, events, td, action, action, mode);
      }
      if (held.isPresent()) {
        return held.get();
      }
      ApplyOutcome out;
      try {
        out = env.apply(action);
      } catch (RetryableApplyFailure e) {
        return retryLater(plan, events, td, action, mode, "applying", e);
      }
      st.failedAttempts = null;
      st.nextAttemptAt = null;
      recordRoll(env, action, st);
      switch (out.status()) {
        case APPLIED -> {
          st.phase = Phase.Applied;
          st.appliedAt = now.toString();
          st.message = out.detail();
          st.waitingForPod = null;
          journal.updateStatus(td);
          metrics.decision(plan.clusterId(), action.kind(), Phase.Applied.name());
          events.emit(false, "DecisionApplied", action.describe() + ": " + out.detail());
          return result(
              mode,
              null,
              null,
              null,
              null,
              null,
              td,
              "applied: " + action.describe(),
              atLeast(plan.guardrails().settleWindow()));
        }
        case STARTED -> {
          st.message = out.detail();
          journal.updateStatus(td);
          return result(
              mode, null, null, null, null, null, td, "applying: " + out.detail(), progressPoll);
        }
        default -> {
          finish(td, Phase.Rejected, out.status() + ": " + out.detail(), now);
          metrics.decision(plan.clusterId(), action.kind(), Phase.Rejected.name());
          events.emit(true, "DecisionFailed", action.describe() + ": " + out.detail());
          return result(
              mode,
              null,
              null,
              null,
              null,
              null,
              td,
              "not applied: " + out.detail(),
              plan.interval());
        }
      }
    }

    // Applied: roll back if asked to, otherwise verify after the settle window.
    if (Boolean.TRUE.equals(st.rollingBack)) {
      return rollBack(plan, env, events, td, action, mode);
    }
    Instant settled = Instant.parse(st.appliedAt).plus(plan.guardrails().settleWindow());
    if (now.isBefore(settled)) {
      return result(
          mode,
          null,
          null,
          null,
          null,
          null,
          td,
          "settling until " + settled,
          atLeast(Duration.between(now, settled)));
    }
    ClusterSnapshot after;
    try {
      after = env.observe();
    } catch (TelemetryException e) {
      return result(
          mode,
          null,
          "no telemetry to verify with: " + e.getMessage(),
          null,
          null,
          null,
          td,
          "verification waits for telemetry",
          plan.interval());
    }
    metrics.observed(plan.clusterId(), after);
    Optional<ObservedOutcome> observed = ObservedOutcome.from(after);
    Optional<ObservedOutcome> before = DecisionRecords.before(td.getSpec().snapshot);
    Optional<Prediction> predicted = DecisionRecords.prediction(td.getSpec().prediction);
    if (observed.isEmpty()) {
      st.message = "applied; waiting for p99 and CPU readings to verify";
      journal.updateStatus(td);
      return result(
          mode,
          after,
          "no p99 or CPU readings to verify with",
          null,
          null,
          null,
          td,
          "verification waits for telemetry",
          plan.interval());
    }
    ObservedOutcome obs = observed.get();
    metrics.observedP99Ms(plan.clusterId(), obs.p99LatencyMs());
    TuningDecisionStatus.Outcome outcome = new TuningDecisionStatus.Outcome();
    outcome.p99PublishLatencyMs = obs.p99LatencyMs();
    outcome.peakCpuUtilisation = obs.peakCpuUtilisation();
    outcome.throughputHeadroom = obs.headroom();
    outcome.observedAt = after.windowEnd().toString();
    predicted.ifPresent(
        p -> {
          outcome.p99ErrorMs = obs.p99LatencyMs() - p.p99LatencyMs().mean();
          metrics.modelErrorMs(plan.clusterId(), outcome.p99ErrorMs);
        });
    before
        .filter(b -> b.p99LatencyMs() > 0)
        .ifPresent(
            b ->
                outcome.p99ChangePercent =
                    100.0 * (obs.p99LatencyMs() - b.p99LatencyMs()) / b.p99LatencyMs());
    st.outcome = outcome;
    Decided decided = decidedOn.remove(td.getMetadata().getName());
    if (decided != null) {
      try {
        learner.learn(decided.snapshot(), action, after, obs);
      } catch (RuntimeException e) {
        // Learning is best effort; the decision's record and the cluster come first.
        st.message = "outcome not learned: " + e.getMessage();
      }
    }
    if (before.isEmpty() || predicted.isEmpty()) {
      return verified(
          plan,
          td,
          action,
          mode,
          after,
          "verified without a baseline: the decision recorded no complete"
              + " before-window or prediction to compare with",
          now);
    }
    Verification v =
        new Verifier(plan.objectives(), plan.guardrails().rollbackThresholdPercent() / 100.0, 0.1)
            .verify(action, predicted.get(), before.get(), obs);
    if (v instanceof Verification.Verified) {
      LoopResult done = verified(plan, td, action, mode, after, v.reason(), now);
      events.emit(false, "DecisionVerified", v.reason());
      return done;
    }
    st.rollingBack = true;
    st.message = "regression: " + v.reason() + "; rolling back";
    journal.updateStatus(td);
    events.emit(true, "Regression", st.message);
    return rollBack(plan, env, events, td, action, mode);
  }

  private LoopResult rollBack(
      ClusterPlan plan,
      Environment env,
      EventSink events,
      TuningDecision td,
      Action action,
      Mode mode) {
    Instant now = clock.instant();
    TuningDecisionStatus st = td.getStatus();
    Optional<Action> inverse = Verifier.undo(action);
    if (inverse.isEmpty()) {
      finish(
          td,
          Phase.Verified,
          st.message + "; but " + action.describe() + " cannot be undone automatically",
          now);
      events.emit(true, "RollbackImpossible", action.describe());
      return result(
          mode,
          null,
          null,
          null,
          null,
          new LoopResult.Degraded("RollbackImpossible", st.message),
          td,
          st.message,
          plan.interval());
    }
    Optional<LoopResult> held = retryNotDue(plan, td, mode);
    if (held.isEmpty()) {
      held = progressDeadline(plan, env, events, td, action, inverse.get(), mode);
    }
    if (held.isPresent()) {
      return held.get();
    }
    ApplyOutcome out;
    try {
      out = env.apply(inverse.get());
    } catch (RetryableApplyFailure e) {
      return retryLater(plan, events, td, action, mode, "rolling back", e);
    }
    st.failedAttempts = null;
    st.nextAttemptAt = null;
    switch (out.status()) {
      case APPLIED -> {
        finish(
            td,
            Phase.RolledBack,
            "rolled back: " + inverse.get().describe() + "; " + out.detail(),
            now);
        metrics.decision(plan.clusterId(), action.kind(), Phase.RolledBack.name());
        metrics.rolledBack(plan.clusterId());
        events.emit(true, "RolledBack", action.describe() + " undone: " + out.detail());
        return result(
            mode,
            null,
            null,
            null,
            null,
            null,
            td,
            "rolled back: " + action.describe(),
            plan.interval());
      }
      case STARTED -> {
        st.message = "rolling back: " + out.detail();
        journal.updateStatus(td);
        return result(mode, null, null, null, null, null, td, st.message, progressPoll);
      }
      default -> {
        st.message = "rollback " + out.status() + ": " + out.detail() + "; will retry";
        journal.updateStatus(td);
        return result(
            mode,
            null,
            null,
            null,
            null,
            new LoopResult.Degraded("RollbackFailed", st.message),
            td,
            st.message,
            plan.interval());
      }
    }
  }

  /**
   * Keeps {@code td} in flight after a step failed in a way that may pass, says so in its message
   * and in a Degraded condition, and asks to be called again after an exponential backoff: the
   * progress poll doubled per consecutive failure, up to the cluster's interval. The count and the
   * time of the next attempt are kept in the decision's status, so a restarted operator continues
   * the same backoff instead of starting over.
   */
  private LoopResult retryLater(
      ClusterPlan plan,
      EventSink events,
      TuningDecision td,
      Action action,
      Mode mode,
      String doing,
      RetryableApplyFailure e) {
    TuningDecisionStatus st = td.getStatus();
    int attempt = (st.failedAttempts == null ? 0 : Math.max(0, st.failedAttempts)) + 1;
    Duration wait = backoff(attempt, plan.interval());
    st.failedAttempts = attempt;
    st.nextAttemptAt = clock.instant().plus(wait).toString();
    st.message =
        doing
            + " failed (attempt "
            + attempt
            + "), retrying in "
            + wait.toMillis()
            + " ms: "
            + e.getMessage();
    journal.updateStatus(td);
    if (attempt == 1) {
      events.emit(true, "ApplyRetrying", action.describe() + ": " + st.message);
    }
    return result(
        mode,
        null,
        null,
        null,
        null,
        new LoopResult.Degraded("ApplyRetrying", st.message),
        td,
        st.message,
        wait);
  }

  /**
   * A result that holds {@code td} until its next attempt is due, when a failed step set one that
   * has not come yet (a reconcile sooner than asked for, or a restarted operator's first pass);
   * empty when the step may be tried now.
   */
  private Optional<LoopResult> retryNotDue(ClusterPlan plan, TuningDecision td, Mode mode) {
    TuningDecisionStatus st = td.getStatus();
    Instant next = instant(st.nextAttemptAt);
    Instant now = clock.instant();
    if (next == null || !now.isBefore(next)) {
      return Optional.empty();
    }
    if (Duration.between(now, next).compareTo(backoff(Integer.MAX_VALUE, plan.interval())) > 0) {
      // Further ahead than any backoff sets (another node's clock, a hand edit): not waited for.
      return Optional.empty();
    }
    return Optional.of(
        result(
            mode,
            null,
            null,
            null,
            null,
            new LoopResult.Degraded("ApplyRetrying", st.message),
            td,
            "next attempt at " + next + ": " + st.message,
            Duration.between(now, next)));
  }

  /**
   * Tracks the progress of the change {@code doing} (the decision's action, or its undo) in {@code
   * td}'s status and stalls the decision when it made none for longer than the cluster's progress
   * deadline while a pod is unready. The clock starts from the status ({@code lastProgressAt}), so
   * it is the same after an operator restart. Returns the result of a stall, or empty to go on.
   *
   * <p>A stall touches nothing on the cluster, and in particular does not roll the setting back.
   * The unready pod is the only evidence, and readiness cannot tell a setting that keeps a bookie
   * from starting from a lost node, a volume that will not attach, or an image pull. Undoing is
   * itself a roll: it restarts the pods that took the new setting and are serving, on a cluster
   * that already has one pod down; for bookies a second pod down can leave ledgers without their
   * write quorum, which is worse than holding. Nor would it heal the stuck pod: after its template
   * is reverted a StatefulSet keeps waiting for the broken pod to become ready before it replaces
   * it (Kubernetes' "forced rollback" needs that pod deleted by hand). So Tuneloop holds, says
   * which pod it waits for and since when, and leaves the repair to a person.
   */
  private Optional<LoopResult> progressDeadline(
      ClusterPlan plan,
      Environment env,
      EventSink events,
      TuningDecision td,
      Action action,
      Action doing,
      Mode mode) {
    if (!(env instanceof KubernetesPulsarEnvironment k8s)) {
      return Optional.empty();
    }
    Optional<ChangeProgress> seen = k8s.progress(doing);
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    TuningDecisionStatus st = td.getStatus();
    Instant since = instant(st.lastProgressAt);
    if (since == null || !seen.get().reached().equals(st.progress)) {
      // Written with the step's own status update; a restart before it only restarts the clock.
      st.progress = seen.get().reached();
      st.lastProgressAt = now.toString();
      since = now;
    }
    st.waitingForPod = seen.get().unreadyPod().orElse(null);
    Duration deadline = plan.guardrails().progressDeadline();
    if (st.waitingForPod == null || !now.isAfter(since.plus(deadline))) {
      return Optional.empty();
    }
    st.phase = Phase.Stalled;
    st.stalledAt = now.toString();
    st.message =
        "progress deadline ("
            + deadline.toSeconds()
            + "s) exceeded: waiting for "
            + st.waitingForPod
            + " to become ready, no progress since "
            + since
            + " ("
            + st.progress
            + "); no further pod is touched and nothing is rolled back. Look at the pod; if "
            + doing.describe()
            + " keeps it from starting, set the value back and delete the pod (a StatefulSet"
            + " does not replace a broken pod by itself). Tuneloop resumes once every pod is"
            + " ready.";
    journal.updateStatus(td);
    metrics.progressDeadlineExceeded(plan.clusterId());
    metrics.decision(plan.clusterId(), action.kind(), Phase.Stalled.name());
    events.emit(true, "ProgressDeadlineExceeded", td.getMetadata().getName() + ": " + st.message);
    return Optional.of(stalledResult(plan, td, mode));
  }

  /**
   * A Stalled decision: it stays in flight, so no other change starts, and touches nothing, until
   * every pod of its workload is ready again. Then a scale whose target is reached (the StatefulSet
   * still asks for it and every replica is ready: the new pod was only slow) continues as if it had
   * never stalled: an Applied one is verified after the settle window, a rollback finishes. Any
   * other change ends Abandoned, as far as it got; a roll is never resumed, because the pods may be
   * ready again only because a person set the value back, and resuming would write it again.
   */
  private LoopResult stalled(
      ClusterPlan plan,
      Environment env,
      EventSink events,
      TuningDecision td,
      Action action,
      Mode mode) {
    TuningDecisionStatus st = td.getStatus();
    Action doing =
        Boolean.TRUE.equals(st.rollingBack) ? Verifier.undo(action).orElse(action) : action;
    Optional<ChangeProgress> seen =
        env instanceof KubernetesPulsarEnvironment k8s ? k8s.progress(doing) : Optional.empty();
    if (seen.isEmpty() || seen.get().unreadyPod().isPresent()) {
      return stalledResult(plan, td, mode);
    }
    Instant now = clock.instant();
    if (env instanceof KubernetesPulsarEnvironment k8s && k8s.scaleReached(doing)) {
      return reachedAfterStall(plan, env, events, td, action, mode, seen.get(), now);
    }
    String message =
        "pods ready again at "
            + now
            + " after the progress deadline was exceeded at "
            + st.stalledAt
            + " waiting for "
            + st.waitingForPod
            + "; left as it got ("
            + seen.get().reached()
            + "), not resumed";
    finish(td, Phase.Abandoned, message, now);
    metrics.decision(plan.clusterId(), action.kind(), Phase.Abandoned.name());
    events.emit(false, "ProgressResumed", td.getMetadata().getName() + ": " + message);
    return result(
        mode, null, null, null, null, null, td, "abandoned: " + action.describe(), plan.interval());
  }

  /**
   * A Stalled scale whose target was reached after all: back to Applied, with the settle window
   * counted from now (when the last pod became ready), or on with the rollback it was doing, which
   * then finds nothing left to change.
   */
  private LoopResult reachedAfterStall(
      ClusterPlan plan,
      Environment env,
      EventSink events,
      TuningDecision td,
      Action action,
      Mode mode,
      ChangeProgress seen,
      Instant now) {
    TuningDecisionStatus st = td.getStatus();
    String message =
        "target reached at "
            + now
            + " ("
            + seen.reached()
            + ") after the progress deadline was exceeded at "
            + st.stalledAt
            + " waiting for "
            + st.waitingForPod;
    st.phase = Phase.Applied;
    st.waitingForPod = null;
    st.progress = seen.reached();
    st.lastProgressAt = now.toString();
    events.emit(false, "ProgressResumed", td.getMetadata().getName() + ": " + message);
    if (Boolean.TRUE.equals(st.rollingBack)) {
      st.message = message + "; finishing the rollback";
      journal.updateStatus(td);
      return rollBack(plan, env, events, td, action, mode);
    }
    st.appliedAt = now.toString();
    st.message = message + "; verifying after the settle window";
    journal.updateStatus(td);
    metrics.decision(plan.clusterId(), action.kind(), Phase.Applied.name());
    return result(
        mode,
        null,
        null,
        null,
        null,
        null,
        td,
        "applied after a stall: " + action.describe(),
        atLeast(plan.guardrails().settleWindow()));
  }

  private LoopResult stalledResult(ClusterPlan plan, TuningDecision td, Mode mode) {
    String message = td.getStatus().message;
    return result(
        mode,
        null,
        null,
        null,
        null,
        new LoopResult.Degraded("ProgressDeadlineExceeded", message),
        td,
        "stalled: " + message,
        plan.interval());
  }

  /** An RFC 3339 time from a status, or null when absent or unreadable (then it starts over). */
  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  Duration backoff(int attempt, Duration cap) {
    Duration wait = progressPoll.multipliedBy(1L << Math.min(attempt - 1, 20));
    Duration max = cap.compareTo(progressPoll) < 0 ? progressPoll : cap;
    return wait.compareTo(max) > 0 ? max : wait;
  }

  private void recordRoll(Environment env, Action action, TuningDecisionStatus st) {
    if (env instanceof KubernetesPulsarEnvironment k8s) {
      k8s.rollProgress(action).ifPresent(p -> st.restartedPods = new ArrayList<>(p.updatedPods()));
    }
  }

  /** Ends {@code td} as Verified and reports it; the cluster is left as the action made it. */
  private LoopResult verified(
      ClusterPlan plan,
      TuningDecision td,
      Action action,
      Mode mode,
      ClusterSnapshot after,
      String reason,
      Instant now) {
    finish(td, Phase.Verified, reason, now);
    metrics.decision(plan.clusterId(), action.kind(), Phase.Verified.name());
    return result(
        mode, after, null, null, null, null, td, "verified: " + action.describe(), plan.interval());
  }

  private void finish(TuningDecision td, Phase phase, String message, Instant now) {
    td.getStatus().phase = phase;
    td.getStatus().waitingForPod = null;
    td.getStatus().message = message;
    td.getStatus().finishedAt = now.toString();
    journal.updateStatus(td);
  }

  /**
   * A decision is created, then its status written: an operator stopped between the two leaves one
   * without a phase. Nothing was applied for it (acting waits for the status), so it is closed as
   * Rejected and saying why, instead of lingering outside both the in-flight and the final set.
   */
  private void closeUnrecorded(List<TuningDecision> decisions) {
    for (TuningDecision d : decisions) {
      if (d.getStatus() == null || d.getStatus().phase == null) {
        if (d.getStatus() == null) {
          d.setStatus(new TuningDecisionStatus());
        }
        if (d.getStatus().plannedAt == null && d.getMetadata().getCreationTimestamp() != null) {
          d.getStatus().plannedAt = d.getMetadata().getCreationTimestamp();
        }
        finish(
            d,
            Phase.Rejected,
            "its status was never recorded (the operator stopped after creating it); nothing was"
                + " applied for it",
            clock.instant());
      }
    }
  }

  /**
   * Deletes the oldest final decisions beyond the history the spec keeps, except Abandoned ones the
   * abandoned-change guard still remembers: each vetoed repeat is itself a decision, so they would
   * otherwise push out the very record that vetoes them.
   */
  private void collectGarbage(ClusterPlan plan, List<TuningDecision> decisions) {
    List<TuningDecision> finished =
        decisions.stream()
            .filter(d -> d.getStatus() != null && d.getStatus().phase != null)
            .filter(d -> d.getStatus().phase.isFinal())
            .toList();
    int excess = finished.size() - plan.guardrails().decisionHistory();
    Instant remembered = clock.instant().minus(ABANDONED_CHANGE_MEMORY);
    for (int i = 0; i < finished.size() && excess > 0; i++) {
      TuningDecision d = finished.get(i);
      Instant left = instant(d.getStatus().finishedAt);
      if (d.getStatus().phase == Phase.Abandoned && left != null && left.isAfter(remembered)) {
        continue;
      }
      journal.delete(d);
      excess--;
    }
  }

  private String telemetryProblem(ClusterPlan plan, ClusterSnapshot s, Instant now) {
    double completeness = s.completeness();
    if (completeness < plan.guardrails().minTelemetryCompleteness()) {
      List<String> why = s.problems().isEmpty() ? absentReasons(s, 3) : s.problems();
      return String.format(
          Locale.ROOT,
          "snapshot is %.0f%% complete, below %.0f%%%s",
          completeness * 100,
          plan.guardrails().minTelemetryCompleteness() * 100,
          why.isEmpty() ? "" : ": " + String.join("; ", why));
    }
    Duration age = s.oldestReadingAge(now);
    if (age.compareTo(plan.guardrails().maxTelemetryAge()) > 0) {
      return "oldest reading is "
          + age.toSeconds()
          + "s old, above "
          + plan.guardrails().maxTelemetryAge().toSeconds()
          + "s";
    }
    return null;
  }

  /**
   * Up to {@code limit} distinct reasons readings are absent (a NaN answer, a missing series), so a
   * thin snapshot's condition says why even when the source listed no problem.
   */
  private static List<String> absentReasons(ClusterSnapshot s, int limit) {
    java.util.Set<String> reasons = new java.util.LinkedHashSet<>();
    java.util.stream.Stream.concat(s.brokers().stream(), s.bookies().stream())
        .flatMap(n -> n.readings().values().stream())
        .filter(r -> !r.isPresent())
        .map(Reading::absentReason)
        .filter(r -> r != null && !r.isBlank())
        .forEach(reasons::add);
    List<String> out = new ArrayList<>(reasons);
    if (out.size() > limit) {
      int more = out.size() - limit;
      out = new ArrayList<>(out.subList(0, limit));
      out.add("and " + more + " more");
    }
    return out;
  }

  static GuardChain guards(ClusterPlan plan) {
    ClusterPlan.Guardrails g = plan.guardrails();
    return GuardChain.standard(
            g.cooldown(),
            g.settleWindow(),
            Math.max(1, g.maxRestartsPerHour()),
            g.maxTelemetryAge(),
            g.minTelemetryCompleteness(),
            g.maxRollbacksPerHour(),
            Duration.ofHours(1),
            Set.of())
        .with(new AbandonedChangeGuard(ABANDONED_CHANGE_MEMORY))
        // Adding a pod weakens nothing, so while the SLO is missed the pacing guards (cooldown,
        // stabilisation) yield to it, as they do in the benchmark; the safety guards never do.
        .withUrgentScaleUp(new UrgentScaleUp(plan.objectives().sloP99Ms()));
  }

  static String decisionName(String cluster, Instant now) {
    String base = cluster.length() > 40 ? cluster.substring(0, 40) : cluster;
    return (base
            + "-"
            + NAME_TIME.format(now)
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
        .toLowerCase(Locale.ROOT);
  }

  static String modeName(Mode m) {
    return switch (m) {
      case OBSERVE -> "Observe";
      case RECOMMEND -> "Recommend";
      case AUTO -> "Auto";
    };
  }

  private static Duration atLeast(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  private static LoopResult result(
      Mode mode,
      ClusterSnapshot snapshot,
      String telemetryProblem,
      String modelProblem,
      String modelVersion,
      LoopResult.Degraded degraded,
      TuningDecision last,
      String summary,
      Duration requeue) {
    return new LoopResult(
        mode,
        Optional.ofNullable(snapshot),
        Optional.ofNullable(telemetryProblem),
        Optional.ofNullable(modelProblem),
        Optional.ofNullable(modelVersion),
        Optional.ofNullable(degraded),
        Optional.ofNullable(last),
        summary,
        requeue);
  }

  /** Drops the snapshots kept for a deleted cluster's decisions still in flight. */
  @Override
  public void forget(String clusterId) {
    decidedOn.values().removeIf(d -> d.clusterId().equals(clusterId));
  }

  /** How many decisions' snapshots are kept for the learn step (for tests and diagnostics). */
  int snapshotsKept() {
    return decidedOn.size();
  }
}
