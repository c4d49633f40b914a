package io.tuneloop.telemetry.snapshot;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's current configuration as observed: replica counts and setting values by their
 * Pulsar/BookKeeper name (for example {@code journalMaxGroupWaitMSec}). Values are kept as the
 * strings Pulsar reports; the knob catalog parses and range-checks them.
 */
public record ClusterSettings(int brokers, int bookies, Map<String, String> values) {

  public ClusterSettings {
    if (brokers < 0 || bookies < 0) {
      throw new IllegalArgumentException(
          "replicas must be >= 0, got brokers=" + brokers + " bookies=" + bookies);
    }
    values = Map.copyOf(new TreeMap<>(values));
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public ClusterSettings with(String name, String value) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(name, value);
    return new ClusterSettings(brokers, bookies, copy);
  }

  public ClusterSettings withReplicas(int newBrokers, int newBookies) {
    return new ClusterSettings(newBrokers, newBookies, values);
  }
}
