package io.tuneloop.telemetry.snapshot;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The readings of one broker or bookie over a window. Every key of the metric enum has a reading,
 * present or absent, so a consumer can always ask and is told why a value is missing.
 *
 * @param <M> {@link BrokerMetric} or {@link BookieMetric}
 */
public record NodeSnapshot<M extends Enum<M> & MetricKey>(
    String name, Class<M> metricType, Map<M, Reading> readings) {

  public NodeSnapshot {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("node name must not be blank, got '" + name + "'");
    }
    Objects.requireNonNull(metricType, "metricType");
    Objects.requireNonNull(readings, "readings");
    EnumMap<M, Reading> complete = new EnumMap<>(metricType);
    for (M key : metricType.getEnumConstants()) {
      Reading r = readings.get(key);
      complete.put(key, r != null ? r : Reading.absent("not reported for " + name));
    }
    readings = Collections.unmodifiableMap(complete);
  }

  public Reading get(M metric) {
    return readings.get(metric);
  }

  /** Fraction of this node's metrics that are present, in [0, 1]. */
  public double completeness() {
    long present = readings.values().stream().filter(Reading::isPresent).count();
    return (double) present / readings.size();
  }

  public static NodeSnapshot<BrokerMetric> broker(String name, Map<BrokerMetric, Reading> r) {
    return new NodeSnapshot<>(name, BrokerMetric.class, r);
  }

  public static NodeSnapshot<BookieMetric> bookie(String name, Map<BookieMetric, Reading> r) {
    return new NodeSnapshot<>(name, BookieMetric.class, r);
  }
}
