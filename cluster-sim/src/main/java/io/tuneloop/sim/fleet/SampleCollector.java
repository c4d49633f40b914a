package io.tuneloop.sim.fleet;

import io.tuneloop.sim.policy.Policy;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a policy on one simulated cluster and turns each decision into a training {@link Sample}
 * exactly as the operator's learner does on a real cluster: the features of the window the decision
 * was made in, the settings the cluster was then told to run with, and the outcome the next
 * window's snapshot shows ({@link ObservedOutcome#from}).
 */
public final class SampleCollector {
  private final FeatureSchema schema;

  public SampleCollector(FeatureSchema schema) {
    this.schema = schema;
  }

  public List<Sample> collect(SimulatedCluster cluster, Policy policy, long seed) {
    PulsarClusterTwin twin =
        new PulsarClusterTwin(
            cluster.parameters(), cluster.trace(), 3, 4, TwinSettings.defaults(), 60, seed);
    List<Sample> out = new ArrayList<>();
    for (Action a : policy.start(twin.clusterSettings())) {
      twin.apply(a);
    }
    FeatureVector pending = null;
    ClusterSettings pendingSettings = null;
    while (!twin.finished()) {
      twin.step();
      ClusterSnapshot s;
      try {
        s = twin.observe();
      } catch (TelemetryException e) {
        throw new IllegalStateException(e);
      }
      if (pending != null) {
        Optional<ObservedOutcome> o = ObservedOutcome.from(s);
        if (o.isPresent()) {
          out.add(new Sample(pending, pendingSettings, o.get()));
        }
      }
      ClusterSettings desired = s.settings();
      for (Action a : policy.decide(s)) {
        if (twin.apply(a).status().changedCluster()) {
          desired = a.applyTo(desired);
        }
      }
      pending = schema.vectorize(s);
      pendingSettings = desired;
    }
    return out;
  }
}
