package io.tuneloop.operator.telemetry;

import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.promql.PromQlClient;
import io.tuneloop.telemetry.query.PromQlSelectors;
import io.tuneloop.telemetry.query.PromQlSnapshotSource;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Telemetry from a Prometheus server that already scrapes the cluster. The pods are the ones the
 * spec's pod selectors choose, matched in Prometheus on the same labels (sanitised to Prometheus
 * label names the way Kubernetes service discovery does) plus the namespace label. Replicas and
 * settings are overlaid by the environment from the cluster itself, as for pod scraping.
 */
final class PrometheusTelemetry {
  private PrometheusTelemetry() {}

  static SnapshotSource forPlan(
      ClusterPlan plan, ClusterPlan.PrometheusQuery prometheus, Clock clock) {
    PromQlClient client =
        PromQlClient.builder(prometheus.url())
            .connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(20))
            .build();
    Duration window =
        plan.interval().compareTo(Duration.ofSeconds(30)) < 0
            ? Duration.ofSeconds(30)
            : plan.interval();
    PromQlSelectors selectors =
        new PromQlSelectors(
            matchers(plan.podScraping().brokerSelector(), prometheus, plan.namespace()),
            matchers(plan.podScraping().bookieSelector(), prometheus, plan.namespace()),
            prometheus.nodeLabel(),
            window,
            Map.of());
    return new PromQlSnapshotSource(
        plan.clusterId(),
        client::queryVector,
        selectors,
        () -> new ClusterSettings(0, 0, Map.of()),
        clock,
        plan.interval().multipliedBy(3));
  }

  /** {@code k1="v1",k2="v2",ns="..."} for a Kubernetes label selector. */
  static String matchers(
      Map<String, String> selector, ClusterPlan.PrometheusQuery prometheus, String namespace) {
    Map<String, String> all = new TreeMap<>();
    selector.forEach((k, v) -> all.put(promLabel(k), v));
    all.put(prometheus.namespaceLabel(), namespace);
    StringJoiner out = new StringJoiner(",");
    all.forEach(
        (k, v) -> out.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
    return out.toString();
  }

  /** Kubernetes service discovery turns every character outside [a-zA-Z0-9_] into '_'. */
  static String promLabel(String kubernetesLabel) {
    String s = kubernetesLabel.replaceAll("[^a-zA-Z0-9_]", "_");
    return Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }
}
