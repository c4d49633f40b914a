package io.tuneloop.telemetry.scrape;

import java.net.URI;
import java.util.Objects;

/** One pod's Prometheus endpoint: a broker's {@code /metrics/} or a bookie's {@code /metrics}. */
public record MetricsEndpoint(String node, NodeRole role, URI url) {
  public MetricsEndpoint {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("endpoint node name must not be blank");
    }
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          "metrics URL of " + node + " must be http or https, got '" + url + "'");
    }
  }

  /** Which kind of Pulsar process answers at the endpoint. */
  public enum NodeRole {
    BROKER,
    BOOKIE
  }
}
