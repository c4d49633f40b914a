package io.tuneloop.operator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tuneloop.tuning.planner.Mode;

/**
 * The operator's own metrics, all named {@code tuneloop_*} with their unit in the name. Latencies
 * are exported in seconds (Prometheus base unit) although decisions record milliseconds.
 */
public final class OperatorMetrics {
  private final Counter decisions;
  private final Gauge predictedP99;
  private final Gauge observedP99;
  private final Gauge modelError;
  private final Gauge mode;
  private final Gauge replicas;
  private final Histogram reconcileDuration;

  public OperatorMetrics(PrometheusRegistry registry) {
    decisions =
        Counter.builder()
            .name("tuneloop_decisions_total")
            .help("Decisions by action kind and the phase they reached")
            .labelNames("cluster", "action", "phase")
            .register(registry);
    predictedP99 =
        Gauge.builder()
            .name("tuneloop_predicted_p99_publish_latency_seconds")
            .unit(Unit.SECONDS)
            .help("p99 publish latency the model predicted for the last decision")
            .labelNames("cluster")
            .register(registry);
    observedP99 =
        Gauge.builder()
            .name("tuneloop_observed_p99_publish_latency_seconds")
            .unit(Unit.SECONDS)
            .help("Highest broker p99 publish latency in the last observed window")
            .labelNames("cluster")
            .register(registry);
    modelError =
        Gauge.builder()
            .name("tuneloop_model_p99_error_seconds")
            .unit(Unit.SECONDS)
            .help("Observed minus predicted p99 publish latency at the last verification")
            .labelNames("cluster")
            .register(registry);
    mode =
        Gauge.builder()
            .name("tuneloop_mode_info")
            .help("1 for the mode a cluster is in (after any demotion), 0 for the others")
            .labelNames("cluster", "mode")
            .register(registry);
    replicas =
        Gauge.builder()
            .name("tuneloop_replicas")
            .help("Replicas last observed, by role (broker, bookie)")
            .labelNames("cluster", "role")
            .register(registry);
    reconcileDuration =
        Histogram.builder()
            .name("tuneloop_reconcile_duration_seconds")
            .unit(Unit.SECONDS)
            .help("Time one reconcile of a BrokerCluster took")
            .labelNames("cluster")
            .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
  }

  public void decision(String cluster, String actionKind, String phase) {
    decisions.labelValues(cluster, actionKind, phase).inc();
  }

  public void predictedP99Ms(String cluster, double ms) {
    predictedP99.labelValues(cluster).set(ms / 1000.0);
  }

  public void observedP99Ms(String cluster, double ms) {
    observedP99.labelValues(cluster).set(ms / 1000.0);
  }

  public void modelErrorMs(String cluster, double ms) {
    modelError.labelValues(cluster).set(ms / 1000.0);
  }

  public void mode(String cluster, Mode current) {
    for (Mode m : Mode.values()) {
      mode.labelValues(cluster, m.name()).set(m == current ? 1 : 0);
    }
  }

  public void replicas(String cluster, int brokers, int bookies) {
    replicas.labelValues(cluster, "broker").set(brokers);
    replicas.labelValues(cluster, "bookie").set(bookies);
  }

  public void reconcileSeconds(String cluster, double seconds) {
    reconcileDuration.labelValues(cluster).observe(seconds);
  }
}
