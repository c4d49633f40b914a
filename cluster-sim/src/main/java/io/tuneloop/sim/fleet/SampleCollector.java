package io.tuneloop.sim.fleet;

import io.tuneloop.sim.policy.LaggedOutcomes;
import io.tuneloop.sim.policy.Policy;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a policy on one simulated cluster and turns each decision into a training {@link Sample} as
 * the operator's learner does on a real cluster: the features of the window the decision was made
 * in, the settings the cluster was then told to run with, and the outcome of the window {@code
 * outcomeLag} windows later ({@link LaggedOutcomes}; a decision followed by another change before
 * then is not used).
 */
public final class SampleCollector {
  private final FeatureSchema schema;
  private final int outcomeLag;

  /**
   * @param outcomeLag windows between a decision and the window whose outcome it is credited with
   */
  public SampleCollector(FeatureSchema schema, int outcomeLag) {
    this.schema = schema;
    this.outcomeLag = outcomeLag;
  }

  public List<Sample> collect(SimulatedCluster cluster, Policy policy, long seed) {
    PulsarClusterTwin twin =
        new PulsarClusterTwin(
            cluster.parameters(), cluster.trace(), 3, 4, TwinSettings.defaults(), 60, seed);
    List<Sample> out = new ArrayList<>();
    for (Action a : policy.start(twin.clusterSettings())) {
      twin.apply(a);
    }
    LaggedOutcomes outcomes = new LaggedOutcomes(outcomeLag);
    while (!twin.finished()) {
      twin.step();
      ClusterSnapshot s;
      try {
        s = twin.observe();
      } catch (TelemetryException e) {
        throw new IllegalStateException(e);
      }
      for (LaggedOutcomes.Attributed a : outcomes.observe(s)) {
        out.add(new Sample(a.features(), a.settings(), a.outcome()));
      }
      ClusterSettings desired = s.settings();
      List<String> applied = new ArrayList<>();
      for (Action a : policy.decide(s)) {
        if (twin.apply(a).status().changedCluster()) {
          desired = a.applyTo(desired);
          applied.add(a.describe());
        }
      }
      outcomes.decided(
          schema.vectorize(s),
          applied.isEmpty() ? Action.noOp().describe() : String.join("; ", applied),
          desired,
          !applied.isEmpty());
    }
    return out;
  }
}
