package io.tuneloop.operator.web;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.decisions.DecisionRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cluster as the page shows it.
 *
 * @param id {@code namespace/name}, or the name when there is no namespace
 * @param decisions oldest first; a decision's number on the page is its position here, from 1
 * @param history what was observed, oldest first: this process's passes, preceded by the decisions'
 *     own before/after records from before the oldest pass
 */
public record ClusterView(
    String id, List<TuningDecision> decisions, List<PassObservation> history) {

  public ClusterView {
    decisions = List.copyOf(decisions);
    history = List.copyOf(history);
  }

  /** Groups decisions by cluster and joins each cluster's history; clusters sorted by id. */
  public static List<ClusterView> of(List<TuningDecision> all, ObservationHistory observed) {
    Map<String, List<TuningDecision>> byCluster = new TreeMap<>();
    for (TuningDecision d : all) {
      if (d == null || d.getSpec() == null || d.getSpec().clusterName == null) {
        continue;
      }
      String ns = d.getMetadata() == null ? null : d.getMetadata().getNamespace();
      byCluster.computeIfAbsent(id(ns, d.getSpec().clusterName), k -> new ArrayList<>()).add(d);
    }
    for (String c : observed.clusters()) {
      byCluster.computeIfAbsent(c, k -> new ArrayList<>());
    }
    List<ClusterView> out = new ArrayList<>();
    byCluster.forEach(
        (id, ds) -> {
          List<TuningDecision> sorted = new ArrayList<>(ds);
          sorted.sort(SAFE_OLDEST_FIRST);
          out.add(new ClusterView(id, sorted, history(sorted, observed.of(id))));
        });
    return out;
  }

  /** The id a cluster goes by, as {@code ClusterPlan.clusterId()} forms it. */
  public static String id(String namespace, String name) {
    return namespace == null || namespace.isBlank() ? name : namespace + "/" + name;
  }

  private static List<PassObservation> history(
      List<TuningDecision> decisions, List<PassObservation> passes) {
    Instant firstPass = passes.isEmpty() ? Instant.MAX : passes.get(0).at();
    List<PassObservation> out = new ArrayList<>();
    for (TuningDecision d : decisions) {
      for (PassObservation p : PassObservation.fromDecision(d)) {
        if (p.at().isBefore(firstPass)) {
          out.add(p);
        }
      }
    }
    out.addAll(passes);
    out.sort(Comparator.comparing(PassObservation::at));
    return out;
  }

  /** Oldest first like {@link DecisionRecords#OLDEST_FIRST}, but unreadable times sort first. */
  private static final Comparator<TuningDecision> SAFE_OLDEST_FIRST =
      Comparator.comparing((TuningDecision d) -> plannedAt(d))
          .thenComparing(
              d ->
                  d.getMetadata() == null || d.getMetadata().getName() == null
                      ? ""
                      : d.getMetadata().getName());

  /** When the decision was planned; {@link Instant#EPOCH} when absent or unreadable. */
  public static Instant plannedAt(TuningDecision d) {
    if (d.getStatus() == null || d.getStatus().plannedAt == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(d.getStatus().plannedAt);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
