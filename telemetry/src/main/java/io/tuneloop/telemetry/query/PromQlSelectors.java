package io.tuneloop.telemetry.query;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to find one cluster's brokers and bookies in a Prometheus server: a label matcher list for
 * each (the inside of {@code {...}}, e.g. {@code namespace="pulsar",component="broker"}), the label
 * that names the pod, the window for {@code rate()}, and each pod's CPU cores if known.
 */
public record PromQlSelectors(
    String brokerMatchers,
    String bookieMatchers,
    String nodeLabel,
    Duration rateWindow,
    Map<String, Double> cpuCoresByNode) {

  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  // label op "value" pairs separated by commas; values may hold escaped quotes.
  private static final Pattern MATCHERS =
      Pattern.compile(
          "\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*"
              + "(,\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*)*");

  public PromQlSelectors {
    requireMatchers("broker", brokerMatchers);
    requireMatchers("bookie", bookieMatchers);
    if (nodeLabel == null || !LABEL.matcher(nodeLabel).matches()) {
      throw new IllegalArgumentException("node label '" + nodeLabel + "' is not a label name");
    }
    Objects.requireNonNull(rateWindow, "rateWindow");
    if (rateWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("rate window must be at least 1 s, got " + rateWindow);
    }
    cpuCoresByNode = Map.copyOf(cpuCoresByNode);
  }

  private static void requireMatchers(String role, String m) {
    if (m == null || !MATCHERS.matcher(m).matches()) {
      throw new IllegalArgumentException(
          role
              + " matchers '"
              + m
              + "' are not a PromQL label matcher list such as namespace=\"pulsar\",component=\""
              + role
              + "\"");
    }
  }

  /** {@code rate()} range in PromQL duration syntax. */
  String range() {
    return rateWindow.toSeconds() + "s";
  }
}
