package io.tuneloop.federation.aggregator;

import io.tuneloop.federation.round.RoundPolicy;
import io.tuneloop.federation.update.ModelUpdate;
import java.time.Duration;
import java.util.Objects;

/**
 * How the aggregator runs (the aggregation rule and privacy settings live in {@link
 * io.tuneloop.federation.round.RoundAggregation}).
 *
 * @param schemaVersion the feature schema this aggregator serves
 * @param schemaFingerprint its fingerprint
 * @param policy when a round closes
 * @param subscription the durable subscription on the updates topic
 * @param poll how long one receive waits, which bounds how late a timeout is noticed
 * @param baselineWait how long {@code start} waits for a first baseline
 * @param maxParameters the largest update accepted
 */
public record AggregatorSettings(
    String schemaVersion,
    String schemaFingerprint,
    RoundPolicy policy,
    String subscription,
    Duration poll,
    Duration baselineWait,
    int maxParameters) {

  public AggregatorSettings {
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
    Objects.requireNonNull(policy, "policy");
    if (subscription == null || subscription.isBlank()) {
      throw new IllegalArgumentException("subscription must not be blank");
    }
    if (poll.isNegative() || poll.isZero() || poll.toMillis() > 60_000) {
      throw new IllegalArgumentException("poll=" + poll + " is outside (0, 60 s]");
    }
    if (baselineWait.isNegative()) {
      throw new IllegalArgumentException("baselineWait=" + baselineWait + " must not be negative");
    }
    if (maxParameters < 1 || maxParameters > ModelUpdate.MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "maxParameters=" + maxParameters + " is outside [1, " + ModelUpdate.MAX_PARAMETERS + "]");
    }
  }
}
