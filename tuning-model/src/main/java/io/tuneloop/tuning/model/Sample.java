package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import java.util.Objects;

/**
 * One training example: the features of the window a decision was made in, the settings the cluster
 * then ran with, and what was observed in the window that shows the decision's outcome.
 */
public record Sample(FeatureVector features, ClusterSettings settings, ObservedOutcome outcome) {
  public Sample {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(outcome, "outcome");
  }
}
