package io.tuneloop.operator.web;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** Decisions as the loop writes them, in every phase, for the page's tests. */
final class SampleDecisions {
  static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
  static final String HOSTILE_REASON =
      "p99 <script>alert(\"x\")</script> & 'quotes' over the <b>SLO</b>";

  private SampleDecisions() {}

  static TuningDecision decision(
      String namespace,
      String cluster,
      int minute,
      Phase phase,
      String description,
      String reason,
      double predictedP99,
      Double observedP99) {
    TuningDecision td = new TuningDecision();
    td.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(cluster + "-" + minute + "-" + phase.name().toLowerCase())
            .addToLabels(TuningDecision.CLUSTER_LABEL, cluster)
            .build());
    TuningDecisionSpec spec = new TuningDecisionSpec();
    spec.clusterName = cluster;
    spec.mode = "Auto";
    spec.action = new TuningDecisionSpec.ActionRecord();
    spec.action.kind = "setting";
    spec.action.description = description;
    spec.reason = reason;
    spec.runnerUps =
        List.of(
            "noop: p99 18.0 ms ± 2.0, cost 1.00",
            "dispatcherMaxReadBatchSize 100 -> 200: p99 17.1 ms ± 3.0, cost 1.02");
    spec.modelVersion = "baseline-v1";
    spec.snapshot = new TuningDecisionSpec.SnapshotSummary();
    spec.snapshot.windowStart = T0.plusSeconds(60L * minute - 30).toString();
    spec.snapshot.windowEnd = T0.plusSeconds(60L * minute).toString();
    spec.snapshot.brokers = 1;
    spec.snapshot.bookies = 1;
    spec.snapshot.p99PublishLatencyMs = 18.0 + minute;
    spec.snapshot.peakCpuUtilisation = 0.42;
    spec.snapshot.throughputHeadroom = 0.5;
    spec.snapshot.msgRateIn = 800.0;
    spec.prediction = new TuningDecisionSpec.PredictionRecord();
    spec.prediction.p99PublishLatencyMs = predictedP99;
    spec.prediction.p99SpreadMs = 2.5;
    spec.prediction.peakCpuUtilisation = 0.4;
    spec.prediction.peakCpuSpread = 0.05;
    spec.prediction.throughputHeadroom = 0.55;
    spec.prediction.throughputHeadroomSpread = 0.04;
    td.setSpec(spec);
    TuningDecisionStatus st = new TuningDecisionStatus();
    st.phase = phase;
    st.plannedAt = T0.plusSeconds(60L * minute + 1).toString();
    st.message = phase.name() + " message";
    if (observedP99 != null) {
      st.appliedAt = T0.plusSeconds(60L * minute + 2).toString();
      st.outcome = new TuningDecisionStatus.Outcome();
      st.outcome.p99PublishLatencyMs = observedP99;
      st.outcome.peakCpuUtilisation = 0.39;
      st.outcome.throughputHeadroom = 0.52;
      st.outcome.p99ErrorMs = observedP99 - predictedP99;
      st.outcome.p99ChangePercent =
          100
              * (observedP99 - spec.snapshot.p99PublishLatencyMs)
              / spec.snapshot.p99PublishLatencyMs;
      st.outcome.observedAt = T0.plusSeconds(60L * minute + 40).toString();
    }
    td.setStatus(st);
    return td;
  }

  /** One cluster's decisions in five phases, one with a hostile reason. */
  static List<TuningDecision> mixed(String namespace, String cluster) {
    return List.of(
        decision(
            namespace,
            cluster,
            0,
            Phase.Verified,
            "managedLedgerCacheSizeMB 205 -> 64",
            "lowest cost within the SLO",
            15.5,
            16.0),
        decision(
            namespace,
            cluster,
            2,
            Phase.RolledBack,
            "journalMaxGroupWaitMSec 1 -> 10",
            HOSTILE_REASON,
            14.0,
            45.0),
        decision(
            namespace,
            cluster,
            4,
            Phase.Rejected,
            "scale-brokers 1 -> 2",
            "more brokers for the spike: no candidate meets every objective; doing nothing misses"
                + " (p99 87.3 ms > SLO 50.0 ms) and this reduces the predicted shortfall most"
                + " (0.75 -> 0.56). Predicted p99 78.1±42.9 ms, cpu 0.13±0.07, headroom 0.79±0.14"
                + " (κ=0.0) against p99 ≤ 50.0 ms, CPU ≤ 0.70; cost 2.02 (2.00 pod-hours, 0.02"
                + " disruption); 0 of 42 candidates feasible",
            12.0,
            null),
        decision(
            namespace,
            cluster,
            6,
            Phase.Recommended,
            "dispatcherMaxReadBatchSize 100 -> 200",
            "recommend only",
            17.0,
            null),
        decision(
            namespace,
            cluster,
            8,
            Phase.Applied,
            "managedLedgerCacheEvictionTimeThresholdMillis 1000 -> 2500",
            "cache evicts too early",
            16.0,
            null));
  }

  static PassObservation observation(int second, double p99, int brokers, int bookies) {
    return new PassObservation(
        T0.plusSeconds(second),
        OptionalDouble.of(p99),
        brokers,
        bookies,
        OptionalDouble.of(750),
        false);
  }
}
