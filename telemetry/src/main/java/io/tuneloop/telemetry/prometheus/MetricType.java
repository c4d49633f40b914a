package io.tuneloop.telemetry.prometheus;

import java.util.Locale;

/**
 * The metric types of the Prometheus text exposition format 0.0.4.
 *
 * <p>A {@code # TYPE} line with any other type is rejected by {@link PrometheusTextParser}, as the
 * Prometheus server itself rejects it ("invalid metric type"); samples without a {@code # TYPE}
 * line are {@link #UNTYPED}.
 */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  SUMMARY,
  UNTYPED;

  /** The type named by a {@code # TYPE} token (case-insensitive), or null when unknown. */
  static MetricType fromToken(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "counter" -> COUNTER;
      case "gauge" -> GAUGE;
      case "histogram" -> HISTOGRAM;
      case "summary" -> SUMMARY;
      case "untyped" -> UNTYPED;
      default -> null;
    };
  }

  /** The token as written in a {@code # TYPE} line. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
