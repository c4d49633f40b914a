package io.tuneloop.tuning.learner;

import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Sample;
import java.time.Instant;
import java.util.Objects;

/**
 * One (snapshot, action, observed outcome) as the learner keeps it: the features of the window the
 * decision was made in, what was done, the settings the cluster then ran with, and what was
 * observed once the action settled.
 */
public record Experience(
    Instant at,
    FeatureVector features,
    String action,
    ClusterSettings settingsAfter,
    ObservedOutcome outcome) {

  public Experience {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(features, "features");
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("an experience needs the action's description");
    }
    Objects.requireNonNull(settingsAfter, "settingsAfter");
    Objects.requireNonNull(outcome, "outcome");
  }

  public Sample toSample() {
    return new Sample(features, settingsAfter, outcome);
  }
}
