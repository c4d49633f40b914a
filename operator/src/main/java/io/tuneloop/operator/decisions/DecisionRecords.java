package io.tuneloop.operator.decisions;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.guards.ActionRecord;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.model.Estimate;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;

/** Conversions between the tuning model's records and the TuningDecision resource. */
public final class DecisionRecords {
  private DecisionRecords() {}

  /** By the time a decision was planned, then by name. */
  public static final Comparator<TuningDecision> OLDEST_FIRST =
      Comparator.comparing(
              (TuningDecision d) ->
                  d.getStatus() == null || d.getStatus().plannedAt == null
                      ? Instant.EPOCH
                      : Instant.parse(d.getStatus().plannedAt))
          .thenComparing(d -> d.getMetadata().getName());

  public static TuningDecisionSpec.ActionRecord record(Action action) {
    TuningDecisionSpec.ActionRecord r = new TuningDecisionSpec.ActionRecord();
    r.kind = action.kind();
    r.description = action.describe();
    r.applyMethod = action.applyMethod().name();
    if (action instanceof Action.ScaleBrokers s) {
      r.from = Integer.toString(s.from());
      r.to = Integer.toString(s.to());
    } else if (action instanceof Action.ScaleBookies s) {
      r.from = Integer.toString(s.from());
      r.to = Integer.toString(s.to());
    } else if (action instanceof Action.ChangeSetting c) {
      r.knob = c.knob().name();
      r.from = c.knob().format(c.from());
      r.to = c.knob().format(c.to());
    }
    return r;
  }

  /**
   * The action a record describes, rebuilt (and so validated again) from the catalog.
   *
   * @throws IllegalArgumentException when the record is not a valid action
   */
  public static Action action(TuningDecisionSpec.ActionRecord r) {
    if (r == null || r.kind == null) {
      throw new IllegalArgumentException("decision has no action");
    }
    return switch (r.kind) {
      case "noop" -> Action.noOp();
      case "scale-brokers" ->
          new Action.ScaleBrokers(Integer.parseInt(r.from), Integer.parseInt(r.to));
      case "scale-bookies" ->
          new Action.ScaleBookies(Integer.parseInt(r.from), Integer.parseInt(r.to));
      case "setting" -> {
        Knob k = KnobCatalog.standard().get(r.knob);
        yield new Action.ChangeSetting(k, k.type().parse(r.from), k.type().parse(r.to));
      }
      default -> throw new IllegalArgumentException("unknown action kind " + r.kind);
    };
  }

  /** Highest broker p99 publish latency in milliseconds, when any broker reported it. */
  public static OptionalDouble p99(ClusterSnapshot s) {
    Reading r = s.brokers(BrokerMetric.PUBLISH_LATENCY_P99, Aggregation.MAX);
    return r.isPresent() ? OptionalDouble.of(r.value()) : OptionalDouble.empty();
  }

  public static TuningDecisionSpec.SnapshotSummary summary(ClusterSnapshot s) {
    TuningDecisionSpec.SnapshotSummary m = new TuningDecisionSpec.SnapshotSummary();
    m.windowStart = s.windowStart().toString();
    m.windowEnd = s.windowEnd().toString();
    m.brokers = s.settings().brokers();
    m.bookies = s.settings().bookies();
    p99(s).ifPresent(v -> m.p99PublishLatencyMs = v);
    ObservedOutcome.from(s)
        .ifPresent(
            o -> {
              m.p99PublishLatencyMs = o.p99LatencyMs();
              m.peakCpuUtilisation = o.peakCpuUtilisation();
              m.throughputHeadroom = o.headroom();
            });
    Reading in = s.brokers(BrokerMetric.MSG_RATE_IN, Aggregation.SUM);
    if (in.isPresent()) {
      m.msgRateIn = in.value();
    }
    m.completeness = s.completeness();
    m.problems = s.problems().isEmpty() ? null : s.problems();
    return m;
  }

  /** The outcome recorded with a decision's snapshot, when all three targets were observed. */
  public static Optional<ObservedOutcome> before(TuningDecisionSpec.SnapshotSummary s) {
    if (s == null
        || s.p99PublishLatencyMs == null
        || s.peakCpuUtilisation == null
        || s.throughputHeadroom == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ObservedOutcome(s.p99PublishLatencyMs, s.peakCpuUtilisation, s.throughputHeadroom));
  }

  /** The prediction a decision recorded, rebuilt. */
  public static Optional<Prediction> prediction(TuningDecisionSpec.PredictionRecord r) {
    if (r == null
        || r.p99PublishLatencyMs == null
        || r.peakCpuUtilisation == null
        || r.throughputHeadroom == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Prediction(
            new Estimate(r.p99PublishLatencyMs, nz(r.p99SpreadMs)),
            new Estimate(r.peakCpuUtilisation, nz(r.peakCpuSpread)),
            new Estimate(r.throughputHeadroom, nz(r.throughputHeadroomSpread))));
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }

  public static TuningDecisionSpec.PredictionRecord prediction(Prediction p) {
    TuningDecisionSpec.PredictionRecord r = new TuningDecisionSpec.PredictionRecord();
    r.p99PublishLatencyMs = p.p99LatencyMs().mean();
    r.p99SpreadMs = p.p99LatencyMs().spread();
    r.peakCpuUtilisation = p.peakCpuUtilisation().mean();
    r.peakCpuSpread = p.peakCpuUtilisation().spread();
    r.throughputHeadroom = p.throughputHeadroom().mean();
    r.throughputHeadroomSpread = p.throughputHeadroom().spread();
    return r;
  }

  /**
   * A decision as the guards see it; empty for recommendations and records that no longer parse
   * (they changed nothing).
   */
  public static Optional<ActionRecord> history(TuningDecision d, Duration settle) {
    TuningDecisionStatus st = d.getStatus();
    if (st == null || st.phase == null || st.plannedAt == null || d.getSpec() == null) {
      return Optional.empty();
    }
    Action action;
    try {
      action = action(d.getSpec().action);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Instant planned = Instant.parse(st.plannedAt);
    Instant applied = st.appliedAt == null ? planned : Instant.parse(st.appliedAt);
    if (st.phase == Phase.Abandoned && st.finishedAt != null) {
      // Half done and left when its pods recovered: the cluster changed, and the pacing windows
      // count from when it was left, not from when it was planned (before the stall).
      applied = Instant.parse(st.finishedAt);
    }
    ActionRecord.Phase phase =
        switch (st.phase) {
          case Planned -> ActionRecord.Phase.PLANNED;
          case Applied, Stalled -> ActionRecord.Phase.APPLIED;
          case Abandoned -> ActionRecord.Phase.ABANDONED;
          case Verified -> ActionRecord.Phase.VERIFIED;
          case RolledBack -> ActionRecord.Phase.ROLLED_BACK;
          case Rejected -> ActionRecord.Phase.FAILED;
          case Recommended -> null;
        };
    if (phase == null) {
      return Optional.empty();
    }
    Optional<Instant> settled =
        st.phase == Phase.Planned || st.phase == Phase.Stalled
            ? Optional.empty()
            : Optional.of(applied.plus(settle));
    return Optional.of(
        new ActionRecord(
            action,
            phase,
            applied,
            settled,
            Optional.ofNullable(d.getMetadata() == null ? null : d.getMetadata().getName())));
  }
}
