package io.tuneloop.operator.decisions;

import io.tuneloop.operator.crd.TuningDecision;
import java.util.List;

/**
 * Where decisions are recorded: TuningDecision resources on Kubernetes, or YAML files in a
 * directory in {@code --local} mode. The tuning loop writes a decision before acting on it, so the
 * journal is also how an interrupted change is found again.
 */
public interface DecisionJournal {

  /** The cluster's decisions, oldest first. */
  List<TuningDecision> list(String namespace, String cluster);

  /** Records a new decision, spec and status; returns it as stored. */
  TuningDecision create(TuningDecision decision);

  /** Replaces the stored status of {@code decision}. */
  TuningDecision updateStatus(TuningDecision decision);

  void delete(TuningDecision decision);
}
