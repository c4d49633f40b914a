package io.tuneloop.tuning.model;

import java.util.Objects;

/**
 * Where a model came from: the federated (or shipped) baseline it started from, and the model it
 * was fine-tuned from (the baseline itself for a first fine-tune; "none" for a baseline).
 */
public record Lineage(String baselineVersion, String parentVersion) {
  public Lineage {
    Objects.requireNonNull(baselineVersion, "baselineVersion");
    Objects.requireNonNull(parentVersion, "parentVersion");
    if (baselineVersion.isBlank() || parentVersion.isBlank()) {
      throw new IllegalArgumentException("lineage versions must not be blank");
    }
  }

  /** The lineage of a baseline: it is its own baseline and has no parent. */
  public static Lineage baseline(String version) {
    return new Lineage(version, "none");
  }
}
