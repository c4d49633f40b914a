package io.tuneloop.federation.aggregation;

import java.util.Objects;

/**
 * One accepted update as the aggregation rules see it.
 *
 * <p>The record takes ownership of {@code delta} without copying (a round can hold a thousand
 * 50k-parameter vectors): callers hand over an array they no longer change, and rules only read it.
 *
 * @param clusterId the sender's pseudonymous id
 * @param sampleCount examples behind the update, at least 1
 * @param delta the parameter difference, as received
 */
public record Contribution(String clusterId, long sampleCount, float[] delta) {
  public Contribution {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(delta, "delta");
    if (sampleCount < 1) {
      throw new IllegalArgumentException("sampleCount=" + sampleCount + " must be at least 1");
    }
  }
}
