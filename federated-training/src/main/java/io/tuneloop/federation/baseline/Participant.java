package io.tuneloop.federation.baseline;

/**
 * One update that went into a baseline.
 *
 * <p>In a differentially private round only the id is disclosed: a sample count or an update norm
 * published next to the noised weights would be a statistic of the cluster's data outside the
 * privacy guarantee. Such a participant has {@code sampleCount == 0} and {@code norm == -1}.
 *
 * @param clusterId the sender's pseudonymous id
 * @param sampleCount the examples it trained on; 0 when withheld
 * @param norm the L2 norm of its delta as received, before the aggregator's own clipping; -1 when
 *     withheld
 */
public record Participant(String clusterId, long sampleCount, double norm) {
  public Participant {
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("participant clusterId must not be blank");
    }
    boolean withheld = sampleCount == 0 && norm == -1;
    if (!withheld) {
      if (sampleCount < 1) {
        throw new IllegalArgumentException(
            "sampleCount=" + sampleCount + " must be at least 1 (or 0 with norm -1: withheld)");
      }
      if (!(norm >= 0) || Double.isInfinite(norm)) {
        throw new IllegalArgumentException(
            "norm=" + norm + " must be finite and >= 0 (or -1 with sampleCount 0: withheld)");
      }
    }
  }

  /** A participant of a differentially private round: only its id is published. */
  public static Participant withheld(String clusterId) {
    return new Participant(clusterId, 0, -1);
  }

  public boolean isWithheld() {
    return sampleCount == 0;
  }
}
