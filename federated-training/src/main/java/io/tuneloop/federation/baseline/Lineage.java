package io.tuneloop.federation.baseline;

import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.wire.RejectionReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a baseline came to be: who took part, how it was aggregated, how much noise was added and how
 * much privacy all rounds so far have spent. Published with the baseline so anyone reading the
 * topic can audit it.
 *
 * @param parentVersion the baseline version this one extends, or -1 for a first baseline
 * @param createdAt when the aggregator published it, to the millisecond
 * @param method the aggregation rule, e.g. {@code fedavg}, {@code trimmed-mean(0.2)}, {@code
 *     initial}
 * @param participants the updates that were aggregated, in arrival order (ids only when noised)
 * @param clipBound the aggregator's L2 bound per update; +infinity when unbounded
 * @param noiseMultiplier Gaussian noise standard deviation over the clip bound; 0 for none
 * @param noiseStddev the standard deviation of the noise in each coordinate of the applied delta
 * @param aggregateNorm the L2 norm of the delta that was added to the parent baseline
 * @param samplingRate the participation probability the accountant assumed
 * @param targetDelta the δ for which {@code epsilon} is stated
 * @param epsilon the cumulative ε over all rounds in {@code privacy}; +infinity without noise
 * @param privacy the cumulative RDP ledger
 * @param rejected the updates refused while this round was open, by reason
 */
public record Lineage(
    long parentVersion,
    Instant createdAt,
    String method,
    List<Participant> participants,
    double clipBound,
    double noiseMultiplier,
    double noiseStddev,
    double aggregateNorm,
    double samplingRate,
    double targetDelta,
    double epsilon,
    PrivacyLedger privacy,
    Map<RejectionReason, Long> rejected) {

  public Lineage {
    if (parentVersion < -1) {
      throw new IllegalArgumentException("parentVersion=" + parentVersion + " must be >= -1");
    }
    // The wire carries milliseconds; truncating here keeps encode/decode an exact round trip.
    createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    if (method == null || method.isBlank() || method.length() > 64) {
      throw new IllegalArgumentException("method='" + method + "' must be 1..64 characters");
    }
    participants = List.copyOf(participants);
    if (!(clipBound > 0)) {
      throw new IllegalArgumentException("clipBound=" + clipBound + " must be positive");
    }
    requireFiniteNonNegative("noiseMultiplier", noiseMultiplier);
    requireFiniteNonNegative("noiseStddev", noiseStddev);
    requireFiniteNonNegative("aggregateNorm", aggregateNorm);
    if (!(samplingRate >= 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate=" + samplingRate + " is outside [0, 1]");
    }
    if (!(targetDelta > 0 && targetDelta < 1)) {
      throw new IllegalArgumentException("targetDelta=" + targetDelta + " is outside (0, 1)");
    }
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon=" + epsilon + " must be >= 0");
    }
    Objects.requireNonNull(privacy, "privacy");
    EnumMap<RejectionReason, Long> r = new EnumMap<>(RejectionReason.class);
    for (Map.Entry<RejectionReason, Long> e : rejected.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(e.getKey() + " count " + e.getValue() + " < 0");
      }
      if (e.getValue() > 0) {
        r.put(e.getKey(), e.getValue());
      }
    }
    rejected = Map.copyOf(r);
  }

  /** The lineage of a baseline that no round produced: shipped, or trained elsewhere. */
  public static Lineage initial(Instant createdAt, double targetDelta) {
    return new Lineage(
        -1,
        createdAt,
        "initial",
        List.of(),
        Double.POSITIVE_INFINITY,
        0,
        0,
        0,
        0,
        targetDelta,
        0,
        PrivacyLedger.empty(),
        Map.of());
  }

  private static void requireFiniteNonNegative(String field, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(field + "=" + v + " must be finite and >= 0");
    }
  }
}
