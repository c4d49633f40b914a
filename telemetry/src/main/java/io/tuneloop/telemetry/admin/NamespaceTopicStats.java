package io.tuneloop.telemetry.admin;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The stats of a namespace's topics, with totals.
 *
 * @param namespace {@code tenant/namespace}
 * @param topics the topics read, at most the requested maximum; system topics ({@code __...}) and
 *     topics that vanished between listing and reading are left out
 * @param topicsListed how many topics the namespace listed
 * @param truncated whether topics were left out because of the maximum
 */
public record NamespaceTopicStats(
    String namespace, List<TopicLoad> topics, int topicsListed, boolean truncated) {

  public NamespaceTopicStats {
    Objects.requireNonNull(namespace, "namespace");
    topics = List.copyOf(topics);
    if (topicsListed < topics.size()) {
      throw new IllegalArgumentException(
          "topicsListed=" + topicsListed + " is below the " + topics.size() + " topics read");
    }
  }

  public double msgRateIn() {
    return sum(TopicLoad::msgRateIn);
  }

  public double msgRateOut() {
    return sum(TopicLoad::msgRateOut);
  }

  public double throughputIn() {
    return sum(TopicLoad::throughputIn);
  }

  public double throughputOut() {
    return sum(TopicLoad::throughputOut);
  }

  public long backlogMessages() {
    return count(TopicLoad::backlogMessages);
  }

  public long backlogBytes() {
    return count(TopicLoad::backlogBytes);
  }

  public long storageSize() {
    return count(TopicLoad::storageSize);
  }

  public long producers() {
    return count(TopicLoad::producers);
  }

  public long subscriptions() {
    return count(TopicLoad::subscriptions);
  }

  public long consumers() {
    return count(TopicLoad::consumers);
  }

  /** Average published message size weighted by throughput, or NaN without traffic. */
  public double averageMsgSize() {
    double rate = msgRateIn();
    return rate > 0 ? throughputIn() / rate : Double.NaN;
  }

  private double sum(ToDoubleFunction<TopicLoad> f) {
    return topics.stream().mapToDouble(f).sum();
  }

  private long count(ToLongFunction<TopicLoad> f) {
    return topics.stream().mapToLong(f).sum();
  }
}
