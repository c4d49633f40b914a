package io.tuneloop.operator.web;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.decisions.DecisionRecords;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one observation of a cluster saw, as the decisions page charts it.
 *
 * @param at the end of the observed window
 * @param p99Ms highest broker p99 publish latency, when reported
 * @param msgRateIn messages per second in over all brokers, when reported
 * @param fromDecision rebuilt from a decision's before/after record rather than seen by a pass of
 *     this process (after an operator restart)
 */
public record PassObservation(
    Instant at,
    OptionalDouble p99Ms,
    int brokers,
    int bookies,
    OptionalDouble msgRateIn,
    boolean fromDecision) {

  public PassObservation {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(p99Ms, "p99Ms");
    Objects.requireNonNull(msgRateIn, "msgRateIn");
    if (brokers < 0 || bookies < 0) {
      throw new IllegalArgumentException(
          "replicas brokers=" + brokers + " bookies=" + bookies + " must not be negative");
    }
  }

  /** What a snapshot saw. */
  public static PassObservation of(ClusterSnapshot s) {
    Reading in = s.brokers(BrokerMetric.MSG_RATE_IN, Aggregation.SUM);
    return new PassObservation(
        s.windowEnd(),
        DecisionRecords.p99(s),
        s.settings().brokers(),
        s.settings().bookies(),
        in.isPresent() ? OptionalDouble.of(in.value()) : OptionalDouble.empty(),
        false);
  }

  /**
   * The observations a decision recorded: the window it was decided on and, once verified, the
   * window after. Records with missing or unreadable times give nothing (they are user-editable
   * resources).
   */
  public static List<PassObservation> fromDecision(TuningDecision d) {
    List<PassObservation> out = new ArrayList<>();
    TuningDecisionSpec spec = d.getSpec();
    if (spec == null || spec.snapshot == null) {
      return out;
    }
    TuningDecisionSpec.SnapshotSummary s = spec.snapshot;
    int brokers = s.brokers == null ? 0 : Math.max(0, s.brokers);
    int bookies = s.bookies == null ? 0 : Math.max(0, s.bookies);
    parse(s.windowEnd)
        .ifPresent(
            at ->
                out.add(
                    new PassObservation(
                        at, opt(s.p99PublishLatencyMs), brokers, bookies, opt(s.msgRateIn), true)));
    TuningDecisionStatus st = d.getStatus();
    if (st != null && st.outcome != null) {
      int brokersAfter = brokers;
      int bookiesAfter = bookies;
      // A verified scale left the cluster at the action's target.
      if (st.phase == TuningDecisionStatus.Phase.Verified && spec.action != null) {
        if ("scale-brokers".equals(spec.action.kind)) {
          brokersAfter = parseInt(spec.action.to, brokers);
        } else if ("scale-bookies".equals(spec.action.kind)) {
          bookiesAfter = parseInt(spec.action.to, bookies);
        }
      }
      int b = brokersAfter;
      int k = bookiesAfter;
      parse(st.outcome.observedAt)
          .ifPresent(
              at ->
                  out.add(
                      new PassObservation(
                          at,
                          opt(st.outcome.p99PublishLatencyMs),
                          b,
                          k,
                          OptionalDouble.empty(),
                          true)));
    }
    return out;
  }

  private static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return Math.max(0, Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static OptionalDouble opt(Double d) {
    return d == null || !Double.isFinite(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
  }
}
