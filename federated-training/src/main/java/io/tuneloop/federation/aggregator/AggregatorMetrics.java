package io.tuneloop.federation.aggregator;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.federation.baseline.Baseline;

/**
 * The aggregator's Prometheus metrics. They read the aggregator's own counters at scrape time, so
 * the round loop keeps a single source of truth and pays nothing per update for them.
 *
 * <p>Every rejection reason is exported, zeros included, so a rate over {@code reason} never starts
 * from a missing series.
 */
public final class AggregatorMetrics {
  /** Registers the metrics of {@code aggregator} on {@code registry}. */
  public AggregatorMetrics(FederationAggregator aggregator, PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("tuneloop_aggregator_rounds_published_total")
        .help("Rounds closed and published as a new baseline since start")
        .callback(cb -> cb.call(aggregator.roundsPublished()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tuneloop_aggregator_updates_accepted_total")
        .help("Model updates accepted into a round since start, the open round included")
        .callback(cb -> cb.call(aggregator.accepted()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tuneloop_aggregator_updates_rejected_total")
        .help("Update messages refused since start, by reason")
        .labelNames("reason")
        .callback(
            cb -> {
              for (var e : aggregator.rejectedTotals().entrySet()) {
                cb.call(e.getValue(), e.getKey().name());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("tuneloop_aggregator_baseline_version")
        .help("Version of the newest baseline the aggregator loaded or published")
        .callback(
            cb -> {
              // Absent until start() has loaded a baseline: no sample rather than a made-up 0.
              Baseline b = aggregator.current();
              if (b != null) {
                cb.call(b.version());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("tuneloop_aggregator_baseline_round")
        .help("Round of the newest baseline the aggregator loaded or published")
        .callback(
            cb -> {
              Baseline b = aggregator.current();
              if (b != null) {
                cb.call(b.round());
              }
            })
        .register(registry);
  }
}
