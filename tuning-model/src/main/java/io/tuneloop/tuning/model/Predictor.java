package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import java.util.List;

/**
 * Predicts, for each candidate configuration of the observed cluster, the window that shows the
 * decision's outcome ({@link Target}). The planner works against this interface: {@code
 * PerformanceModel} implements it with the DL4J ensemble, and the twin can implement it with ground
 * truth (the hindsight oracle).
 */
public interface Predictor {

  /**
   * One prediction per candidate, in the same order.
   *
   * @param snapshot the current observation (the load the candidates would face)
   * @param candidates the settings and replicas each candidate action would leave the cluster in
   */
  List<Prediction> predict(ClusterSnapshot snapshot, List<ClusterSettings> candidates);

  /** Identifies the model (version and lineage) in decisions. */
  String version();
}
