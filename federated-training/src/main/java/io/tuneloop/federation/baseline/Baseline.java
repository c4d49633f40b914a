package io.tuneloop.federation.baseline;

import io.tuneloop.federation.update.ModelUpdate;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shared starting weights for every cluster on one feature schema. Version numbers only grow;
 * round {@code r} produces the baseline that updates for round {@code r + 1} are relative to.
 *
 * @param version monotonically increasing per schema, at least 0
 * @param round the aggregation round that produced it; 0 for a first baseline
 * @param schemaVersion the FeatureSchema version, also the compaction key on the topic
 * @param schemaFingerprint the FeatureSchema fingerprint
 * @param parameters the flat weights, every value finite
 * @param lineage how it was produced
 */
public record Baseline(
    long version,
    long round,
    String schemaVersion,
    String schemaFingerprint,
    float[] parameters,
    Lineage lineage) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public Baseline {
    if (version < 0) {
      throw new IllegalArgumentException("baseline version=" + version + " must be >= 0");
    }
    if (round < 0) {
      throw new IllegalArgumentException("baseline round=" + round + " must be >= 0");
    }
    requireIdentifier("schemaVersion", schemaVersion);
    requireIdentifier("schemaFingerprint", schemaFingerprint);
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.length == 0 || parameters.length > ModelUpdate.MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "baseline has "
              + parameters.length
              + " parameters, expected 1.."
              + ModelUpdate.MAX_PARAMETERS);
    }
    parameters = parameters.clone();
    for (int i = 0; i < parameters.length; i++) {
      if (!Float.isFinite(parameters[i])) {
        throw new IllegalArgumentException(
            "baseline parameter[" + i + "]=" + parameters[i] + " is not finite");
      }
    }
    Objects.requireNonNull(lineage, "lineage");
    if (lineage.parentVersion() >= version) {
      throw new IllegalArgumentException(
          "baseline version "
              + version
              + " is not newer than its parent "
              + lineage.parentVersion());
    }
  }

  /** A copy: the baseline stays immutable. */
  @Override
  public float[] parameters() {
    return parameters.clone();
  }

  public int dimension() {
    return parameters.length;
  }

  /** The round that updates relative to this baseline belong to. */
  public long nextRound() {
    return round + 1;
  }

  /** True when this baseline was built for the given schema version and fingerprint. */
  public boolean fits(String otherSchemaVersion, String otherFingerprint) {
    return schemaVersion.equals(otherSchemaVersion) && schemaFingerprint.equals(otherFingerprint);
  }

  private static void requireIdentifier(String field, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + "='" + value + "' is not 1..64 characters of [A-Za-z0-9._:-]");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Baseline b
        && version == b.version
        && round == b.round
        && schemaVersion.equals(b.schemaVersion)
        && schemaFingerprint.equals(b.schemaFingerprint)
        && Arrays.equals(parameters, b.parameters)
        && lineage.equals(b.lineage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, round, schemaVersion, schemaFingerprint, lineage) * 31
        + Arrays.hashCode(parameters);
  }

  @Override
  public String toString() {
    return "Baseline[version="
        + version
        + ", round="
        + round
        + ", schema="
        + schemaVersion
        + "/"
        + schemaFingerprint
        + ", parameters="
        + parameters.length
        + ", method="
        + lineage.method()
        + ", participants="
        + lineage.participants().size()
        + ", epsilon="
        + lineage.epsilon()
        + "]";
  }
}
