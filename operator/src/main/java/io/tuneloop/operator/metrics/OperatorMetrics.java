package io.tuneloop.operator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.planner.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics, all named {@code tuneloop_*} with their unit in the name. Latencies
 * are exported in seconds (Prometheus base unit) although decisions record milliseconds.
 *
 * <p>Label values are bounded: a cluster's name, an action kind, a decision phase, a mode, a role
 * (broker, bookie), a load direction and a knob of the catalog. Never a decision or pod name.
 */
public final class OperatorMetrics implements PerClusterState {
  // The action kinds (Action.kind()) that change something; each starts at zero in every phase.
  private static final List<String> CHANGE_KINDS =
      List.of("scale-brokers", "scale-bookies", "setting");

  private final Counter decisions;
  private final Gauge predictedP99;
  private final Gauge observedP99;
  private final Gauge modelError;
  private final Gauge mode;
  private final Gauge replicas;
  private final Histogram reconcileDuration;
  private final Counter rollbacks;
  private final Counter progressDeadlines;
  private final Gauge sloP99;
  private final Gauge messageRate;
  private final Gauge byteRate;
  private final Gauge settingValue;
  private final Counter podSeconds;

  /** Every metric above, each labelled by cluster first: what {@link #forget} clears. */
  private final List<StatefulMetric<?, ?>> perCluster;

  // The replicas each cluster had at its last observation: the pod-seconds counter accrues them
  // for the time until the next one.
  private final Map<String, Replicas> lastReplicas = new ConcurrentHashMap<>();

  private record Replicas(Instant at, int brokers, int bookies) {}

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
    rollbacks =
        Counter.builder()
            .name("tuneloop_rollbacks_total")
            .help("Changes undone after verification found a regression")
            .labelNames("cluster")
            .register(registry);
    progressDeadlines =
        Counter.builder()
            .name("tuneloop_progress_deadline_exceeded_total")
            .help(
                "Changes in flight stalled: no progress within the progress deadline while a pod"
                    + " was unready")
            .labelNames("cluster")
            .register(registry);
    sloP99 =
        Gauge.builder()
            .name("tuneloop_slo_p99_publish_latency_seconds")
            .unit(Unit.SECONDS)
            .help("The p99 publish latency objective the BrokerCluster sets")
            .labelNames("cluster")
            .register(registry);
    messageRate =
        Gauge.builder()
            .name("tuneloop_load_messages_per_second")
            .help("Messages per second over all brokers in the last observed window")
            .labelNames("cluster", "direction")
            .register(registry);
    byteRate =
        Gauge.builder()
            .name("tuneloop_load_bytes_per_second")
            .help("Bytes per second over all brokers in the last observed window")
            .labelNames("cluster", "direction")
            .register(registry);
    settingValue =
        Gauge.builder()
            .name("tuneloop_setting_value")
            .help("Last observed value of each knob in the catalog the cluster reports")
            .labelNames("cluster", "knob")
            .register(registry);
    podSeconds =
        Counter.builder()
            .name("tuneloop_pod_seconds_total")
            .unit(Unit.SECONDS)
            .help(
                "Replicas times the time they ran, by role (broker, bookie), accrued between"
                    + " observations; increase(...)/3600 is the cost in pod-hours")
            .labelNames("cluster", "role")
            .register(registry);
    perCluster =
        List.of(
            decisions,
            predictedP99,
            observedP99,
            modelError,
            mode,
            replicas,
            reconcileDuration,
            rollbacks,
            progressDeadlines,
            sloP99,
            messageRate,
            byteRate,
            settingValue,
            podSeconds);
  }

  /**
   * Everything the dashboards show about a cluster's state from one snapshot: replicas (and the
   * pod-seconds they ran since the previous snapshot), load, p99 publish latency and the knobs'
   * values. Readings a snapshot lacks leave their gauges at the last value seen.
   */
  public void observed(String cluster, ClusterSnapshot s) {
    int brokers = s.settings().brokers();
    int bookies = s.settings().bookies();
    replicas(cluster, brokers, bookies);
    Replicas previous = lastReplicas.put(cluster, new Replicas(s.windowEnd(), brokers, bookies));
    // Counters are created at zero on first sight, so that increase() counts a cluster's first
    // decision, rollback and pod-second too.
    if (previous == null) {
      rollbacks.labelValues(cluster);
      progressDeadlines.labelValues(cluster);
      for (String kind : CHANGE_KINDS) {
        for (Phase phase : Phase.values()) {
          decisions.labelValues(cluster, kind, phase.name());
        }
      }
      decisions.labelValues(cluster, "noop", "None");
      podSeconds.labelValues(cluster, "broker");
      podSeconds.labelValues(cluster, "bookie");
    } else if (s.windowEnd().isAfter(previous.at())) {
      double seconds = Duration.between(previous.at(), s.windowEnd()).toNanos() / 1e9;
      podSeconds.labelValues(cluster, "broker").inc(previous.brokers() * seconds);
      podSeconds.labelValues(cluster, "bookie").inc(previous.bookies() * seconds);
    }
    present(s, BrokerMetric.PUBLISH_LATENCY_P99, Aggregation.MAX)
        .ifPresent(ms -> observedP99Ms(cluster, ms));
    present(s, BrokerMetric.MSG_RATE_IN, Aggregation.SUM)
        .ifPresent(v -> messageRate.labelValues(cluster, "in").set(v));
    present(s, BrokerMetric.MSG_RATE_OUT, Aggregation.SUM)
        .ifPresent(v -> messageRate.labelValues(cluster, "out").set(v));
    present(s, BrokerMetric.BYTES_RATE_IN, Aggregation.SUM)
        .ifPresent(v -> byteRate.labelValues(cluster, "in").set(v));
    present(s, BrokerMetric.BYTES_RATE_OUT, Aggregation.SUM)
        .ifPresent(v -> byteRate.labelValues(cluster, "out").set(v));
    for (Knob k : KnobCatalog.standard().settings()) {
      Optional<Double> value;
      try {
        value = k.reported(s.settings());
      } catch (IllegalArgumentException e) {
        // A value the catalog cannot read is the planner's problem to report, not a metric.
        value = Optional.empty();
      }
      value.ifPresent(v -> settingValue.labelValues(cluster, k.name()).set(v));
    }
  }

  private static Optional<Double> present(ClusterSnapshot s, BrokerMetric m, Aggregation how) {
    Reading r = s.brokers(m, how);
    return r.isPresent() ? Optional.of(r.value()) : Optional.empty();
  }

  public void sloP99Ms(String cluster, double ms) {
    sloP99.labelValues(cluster).set(ms / 1000.0);
  }

  public void rolledBack(String cluster) {
    rollbacks.labelValues(cluster).inc();
  }

  public void progressDeadlineExceeded(String cluster) {
    progressDeadlines.labelValues(cluster).inc();
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

  /**
   * Removes every series of {@code cluster} from the exposition (its BrokerCluster was deleted), so
   * dashboards stop showing it; a cluster created again under that name starts its series anew.
   */
  @Override
  public void forget(String cluster) {
    lastReplicas.remove(cluster);
    for (StatefulMetric<?, ?> metric : perCluster) {
      // "cluster" is the first label of every metric here.
      metric.removeIf(labels -> cluster.equals(labels.get(0)));
    }
  }
}
