package io.tuneloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics the dashboards read, after a scripted scale-up that regresses, is rolled back, and is
 * followed by a pass that changes nothing: values are checked in the registry the HTTP exporter
 * serves.
 */
class LoopMetricsTest {
  private static final Duration PASS = Duration.ofMinutes(2);

  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Test
  void aRolledBackScaleUpIsCountedAndPodSecondsFollowTheReplicas(@TempDir Path dir) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate("ns", "c1", spec)
            .plan()
            .orElseThrow();
    DecisionHistoryTest.MutableClock clock =
        new DecisionHistoryTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Map<String, String> values =
        Map.of(
            "managedLedgerCacheSizeMB", "512",
            "dispatcherMaxReadBatchSize", "not-a-number",
            "someUncataloguedSetting", "7");
    Environment env =
        new ScriptedEnvironment(
            clock,
            new ClusterSettings(2, 3, values),
            (e, action) -> {
              if (action instanceof Action.ScaleBrokers b) {
                e.settings(new ClusterSettings(b.to(), 3, values));
                e.telemetry().p99Ms(b.to() > 2 ? 400 : 20);
              }
            });
    AtomicInteger calls = new AtomicInteger();
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(
                r -> calls.getAndIncrement() == 0 ? new Action.ScaleBrokers(2, 3) : Action.noOp()),
            new DirectoryDecisionJournal(dir),
            new OperatorMetrics(registry),
            clock,
            Duration.ofSeconds(1));

    // Pass 1 plans and applies 2 -> 3 brokers; pass 2 verifies, finds p99 400 ms against 15±2
    // predicted and rolls back; pass 3 observes 2 brokers again and changes nothing.
    for (int pass = 0; pass < 3; pass++) {
      loop.run(plan, env, (w, reason, m) -> {}, d -> {});
      clock.advance(PASS);
    }
    assertThat(
            new DirectoryDecisionJournal(dir)
                .list("ns", "c1").stream().map(d -> d.getStatus().phase).toList())
        .containsExactly(Phase.RolledBack);

    assertThat(value("tuneloop_decisions", "ns/c1", "action", "scale-brokers", "phase", "Planned"))
        .hasValue(1);
    assertThat(value("tuneloop_decisions", "ns/c1", "action", "scale-brokers", "phase", "Applied"))
        .hasValue(1);
    assertThat(
            value("tuneloop_decisions", "ns/c1", "action", "scale-brokers", "phase", "RolledBack"))
        .hasValue(1);
    assertThat(value("tuneloop_decisions", "ns/c1", "action", "noop", "phase", "None")).hasValue(1);
    assertThat(value("tuneloop_rollbacks", "ns/c1")).hasValue(1);

    // 2 brokers for the first two minutes, 3 for the next two; 3 bookies throughout.
    assertThat(value("tuneloop_pod_seconds", "ns/c1", "role", "broker"))
        .hasValue(2 * 120 + 3 * 120);
    assertThat(value("tuneloop_pod_seconds", "ns/c1", "role", "bookie")).hasValue(3 * 240);
    assertThat(value("tuneloop_replicas", "ns/c1", "role", "broker")).hasValue(2);
    assertThat(value("tuneloop_replicas", "ns/c1", "role", "bookie")).hasValue(3);

    assertThat(value("tuneloop_slo_p99_publish_latency_seconds", "ns/c1")).hasValue(0.050);
    assertThat(value("tuneloop_predicted_p99_publish_latency_seconds", "ns/c1")).hasValue(0.015);
    assertThat(value("tuneloop_observed_p99_publish_latency_seconds", "ns/c1")).hasValue(0.020);
    assertThat(value("tuneloop_model_p99_error_seconds", "ns/c1").orElseThrow())
        .isCloseTo(0.400 - 0.015, within(1e-9));

    // ScriptedTelemetry: 1000 msg/s in and 1 of everything else per broker, over 2 brokers.
    assertThat(value("tuneloop_load_messages_per_second", "ns/c1", "direction", "in"))
        .hasValue(2000);
    assertThat(value("tuneloop_load_messages_per_second", "ns/c1", "direction", "out")).hasValue(2);
    assertThat(value("tuneloop_load_bytes_per_second", "ns/c1", "direction", "in")).hasValue(2);

    assertThat(value("tuneloop_setting_value", "ns/c1", "knob", "managedLedgerCacheSizeMB"))
        .hasValue(512);
    // A value the catalog cannot read, and a setting outside the catalog, export nothing.
    assertThat(value("tuneloop_setting_value", "ns/c1", "knob", "dispatcherMaxReadBatchSize"))
        .isEmpty();
    assertThat(value("tuneloop_setting_value", "ns/c1", "knob", "someUncataloguedSetting"))
        .isEmpty();

    assertThat(value("tuneloop_mode_info", "ns/c1", "mode", "AUTO")).hasValue(1);
    assertThat(value("tuneloop_mode_info", "ns/c1", "mode", "RECOMMEND")).hasValue(0);
    assertThat(value("tuneloop_mode_info", "ns/c1", "mode", "OBSERVE")).hasValue(0);
  }

  @Test
  void countersStartAtZeroSoTheFirstIncreaseIsSeen(@TempDir Path dir) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate("ns", "quiet", spec)
            .plan()
            .orElseThrow();
    DecisionHistoryTest.MutableClock clock =
        new DecisionHistoryTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ScriptedTelemetry telemetry = new ScriptedTelemetry(clock);
    Environment env =
        new Environment() {
          @Override
          public ClusterSnapshot observe() {
            return telemetry.observe();
          }

          @Override
          public ApplyOutcome apply(Action action) {
            throw new AssertionError("nothing may be applied, got " + action.describe());
          }

          @Override
          public Instant now() {
            return clock.instant();
          }
        };
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(r -> Action.noOp()),
            new DirectoryDecisionJournal(dir),
            new OperatorMetrics(registry),
            clock,
            Duration.ofSeconds(1));

    loop.run(plan, env, (w, reason, m) -> {}, d -> {});

    // Present at zero from the first observation, so rate() and increase() have a first sample.
    assertThat(value("tuneloop_rollbacks", "ns/quiet")).hasValue(0);
    assertThat(value("tuneloop_pod_seconds", "ns/quiet", "role", "broker")).hasValue(0);
    assertThat(value("tuneloop_pod_seconds", "ns/quiet", "role", "bookie")).hasValue(0);
    assertThat(value("tuneloop_mode_info", "ns/quiet", "mode", "RECOMMEND")).hasValue(1);
    for (String kind : List.of("scale-brokers", "scale-bookies", "setting")) {
      for (Phase phase : Phase.values()) {
        assertThat(value("tuneloop_decisions", "ns/quiet", "action", kind, "phase", phase.name()))
            .as(kind + " " + phase)
            .hasValue(0);
      }
    }
    assertThat(value("tuneloop_decisions", "ns/quiet", "action", "noop", "phase", "None"))
        .hasValue(1);
  }

  /**
   * The value of metric {@code name} (as registered, without {@code _total}) for cluster {@code
   * cluster} and further label pairs, if such a data point exists.
   */
  private OptionalDouble value(String name, String cluster, String... labelPairs) {
    String[] pairs = new String[labelPairs.length + 2];
    pairs[0] = "cluster";
    pairs[1] = cluster;
    System.arraycopy(labelPairs, 0, pairs, 2, labelPairs.length);
    Labels wanted = Labels.of(pairs);
    for (MetricSnapshot m : registry.scrape()) {
      if (!m.getMetadata().getName().equals(name)) {
        continue;
      }
      List<? extends DataPointSnapshot> points = m.getDataPoints();
      for (DataPointSnapshot p : points) {
        if (!p.getLabels().equals(wanted)) {
          continue;
        }
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          return OptionalDouble.of(c.getValue());
        }
        if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          return OptionalDouble.of(g.getValue());
        }
        throw new AssertionError(name + " is neither a counter nor a gauge");
      }
    }
    return OptionalDouble.empty();
  }
}
