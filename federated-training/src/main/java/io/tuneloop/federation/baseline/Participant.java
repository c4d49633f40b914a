package io.tuneloop.federation.baseline;

/**
 * One update that went into a baseline.
 *
 * @param clusterId the sender's pseudonymous id
 * @param sampleCount the examples it trained on
 * @param norm the L2 norm of its delta as received, before the aggregator's own clipping
 */
public record Participant(String clusterId, long sampleCount, double norm) {
  public Participant {
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("participant clusterId must not be blank");
    }
    if (sampleCount < 1) {
      throw new IllegalArgumentException("sampleCount=" + sampleCount + " must be at least 1");
    }
    if (!(norm >= 0) || Double.isInfinite(norm)) {
      throw new IllegalArgumentException("norm=" + norm + " must be finite and >= 0");
    }
  }
}
