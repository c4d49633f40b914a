package io.tuneloop.federation.update;

import io.tuneloop.federation.clip.L2Clip;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one cluster sends after local fine-tuning: its weights minus the baseline it started from,
 * already clipped to the L2 bound, and enough context for the aggregator to refuse it when it does
 * not fit the current round. Raw telemetry never appears here.
 *
 * @param roundId the aggregation round this update is for: the baseline's round plus one
 * @param baselineVersion the version of the baseline the delta is relative to
 * @param sampleCount how many training examples the local fine-tuning used, at least 1
 * @param schemaVersion the FeatureSchema version of the model's inputs
 * @param schemaFingerprint the FeatureSchema fingerprint, so a silently changed schema is caught
 * @param clusterId a pseudonymous, stable id of the sending cluster (see {@link PseudonymousId})
 * @param delta the flat parameter difference, every value finite
 */
public record ModelUpdate(
    long roundId,
    long baselineVersion,
    long sampleCount,
    String schemaVersion,
    String schemaFingerprint,
    String clusterId,
    float[] delta) {

  /** The most parameters an update may carry: 4 MB of floats fits Pulsar's 5 MB default. */
  public static final int MAX_PARAMETERS = 1_000_000;

  public static final int MAX_ID_LENGTH = 64;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public ModelUpdate {
    if (roundId < 1) {
      throw new IllegalArgumentException("roundId=" + roundId + " must be at least 1");
    }
    if (baselineVersion < 0) {
      throw new IllegalArgumentException(
          "baselineVersion=" + baselineVersion + " must not be negative");
    }
    if (sampleCount < 1) {
      throw new IllegalArgumentException("sampleCount=" + sampleCount + " must be at least 1");
    }
    requireIdentifier("schemaVersion", schemaVersion);
    requireIdentifier("schemaFingerprint", schemaFingerprint);
    requireIdentifier("clusterId", clusterId);
    Objects.requireNonNull(delta, "delta");
    if (delta.length == 0 || delta.length > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "delta has " + delta.length + " parameters, expected 1.." + MAX_PARAMETERS);
    }
    delta = delta.clone();
    for (int i = 0; i < delta.length; i++) {
      if (!Float.isFinite(delta[i])) {
        throw new IllegalArgumentException("delta[" + i + "]=" + delta[i] + " is not finite");
      }
    }
  }

  /** A copy: the update stays immutable. */
  @Override
  public float[] delta() {
    return delta.clone();
  }

  public int dimension() {
    return delta.length;
  }

  /** Euclidean norm of the delta, accumulated in double precision. */
  public double l2Norm() {
    return L2Clip.norm(delta);
  }

  static void requireIdentifier(String field, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + "='" + value + "' is not 1..64 characters of [A-Za-z0-9._:-]");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelUpdate u
        && roundId == u.roundId
        && baselineVersion == u.baselineVersion
        && sampleCount == u.sampleCount
        && schemaVersion.equals(u.schemaVersion)
        && schemaFingerprint.equals(u.schemaFingerprint)
        && clusterId.equals(u.clusterId)
        && Arrays.equals(delta, u.delta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
                roundId, baselineVersion, sampleCount, schemaVersion, schemaFingerprint, clusterId)
            * 31
        + Arrays.hashCode(delta);
  }

  @Override
  public String toString() {
    return "ModelUpdate[round="
        + roundId
        + ", baseline="
        + baselineVersion
        + ", samples="
        + sampleCount
        + ", schema="
        + schemaVersion
        + "/"
        + schemaFingerprint
        + ", cluster="
        + clusterId
        + ", parameters="
        + delta.length
        + "]";
  }
}
