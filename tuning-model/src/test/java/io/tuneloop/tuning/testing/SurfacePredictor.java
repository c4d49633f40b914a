package io.tuneloop.tuning.testing;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.model.Estimate;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.model.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts with the {@link SyntheticCluster} ground truth (the load read back from the snapshot),
 * with a spread proportional to the value: the planner can then be tested against known answers.
 */
public final class SurfacePredictor implements Predictor {
  private final double relativeSpread;

  public SurfacePredictor(double relativeSpread) {
    this.relativeSpread = relativeSpread;
  }

  @Override
  public List<Prediction> predict(ClusterSnapshot snapshot, List<ClusterSettings> candidates) {
    SyntheticCluster.Load load =
        new SyntheticCluster.Load(
            snapshot.brokers(BrokerMetric.MSG_RATE_IN, Aggregation.SUM).value(),
            snapshot.messageSizes().meanBytes().value(),
            (int) snapshot.brokers(BrokerMetric.TOPICS, Aggregation.SUM).value());
    List<Prediction> out = new ArrayList<>(candidates.size());
    for (ClusterSettings c : candidates) {
      ObservedOutcome o = SyntheticCluster.outcome(load, c);
      out.add(
          new Prediction(
              new Estimate(o.p99LatencyMs(), relativeSpread * o.p99LatencyMs()),
              new Estimate(o.peakCpuUtilisation(), relativeSpread * o.peakCpuUtilisation()),
              new Estimate(o.headroom(), relativeSpread * Math.abs(o.headroom()))));
    }
    return out;
  }

  @Override
  public String version() {
    return "synthetic-surface";
  }
}
