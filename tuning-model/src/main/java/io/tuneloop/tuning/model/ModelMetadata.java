package io.tuneloop.tuning.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything an artifact says about itself besides its weights: versions, lineage, the schema and
 * catalog it was built for, the architecture, the fixed normalisation, and how much it has seen.
 */
public record ModelMetadata(
    String modelVersion,
    Lineage lineage,
    String schemaVersion,
    String schemaFingerprint,
    String catalogVersion,
    EnsembleConfig config,
    NormalisationStats stats,
    long trainingSamples,
    Instant createdAt) {

  public ModelMetadata {
    if (modelVersion == null || modelVersion.isBlank()) {
      throw new IllegalArgumentException("modelVersion must not be blank");
    }
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
    Objects.requireNonNull(catalogVersion, "catalogVersion");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stats, "stats");
    if (trainingSamples < 0) {
      throw new IllegalArgumentException("trainingSamples=" + trainingSamples + " is < 0");
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Version and lineage in one line, for decision records. */
  public String describe() {
    return modelVersion
        + " (baseline "
        + lineage.baselineVersion()
        + ", parent "
        + lineage.parentVersion()
        + ", "
        + trainingSamples
        + " samples)";
  }
}
