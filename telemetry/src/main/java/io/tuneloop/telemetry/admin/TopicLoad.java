package io.tuneloop.telemetry.admin;

import java.util.Objects;

/**
 * One topic's stats ({@code GET /admin/v2/persistent/<topic>/stats}), reduced to what tuning needs.
 *
 * @param topic full topic name
 * @param msgRateIn messages per second published
 * @param msgRateOut messages per second dispatched to all subscriptions
 * @param throughputIn bytes per second published
 * @param throughputOut bytes per second dispatched
 * @param averageMsgSize average published message size, bytes
 * @param storageSize bytes stored for the topic
 * @param backlogMessages messages not yet acknowledged, summed over subscriptions
 * @param backlogBytes the topic's backlog size in bytes
 * @param producers connected producers
 * @param subscriptions subscriptions
 * @param consumers connected consumers over all subscriptions
 */
public record TopicLoad(
    String topic,
    double msgRateIn,
    double msgRateOut,
    double throughputIn,
    double throughputOut,
    double averageMsgSize,
    long storageSize,
    long backlogMessages,
    long backlogBytes,
    int producers,
    int subscriptions,
    int consumers) {

  public TopicLoad {
    Objects.requireNonNull(topic, "topic");
    if (producers < 0 || subscriptions < 0 || consumers < 0) {
      throw new IllegalArgumentException(
          topic
              + ": counts must be >= 0: producers="
              + producers
              + " subscriptions="
              + subscriptions
              + " consumers="
              + consumers);
    }
  }
}
