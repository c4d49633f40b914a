package io.tuneloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.action.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision in flight keeps the snapshot it was made on until its outcome is learned; when its
 * BrokerCluster is deleted first, forgetting the cluster lets the snapshot go, and only that
 * cluster's.
 */
class ForgetDecidedSnapshotsTest {

  @Test
  void forgettingADeletedClusterDropsTheSnapshotsOfItsDecisionsInFlight(@TempDir Path dir) {
    DecisionHistoryTest.MutableClock clock =
        new DecisionHistoryTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3)),
            new DirectoryDecisionJournal(dir),
            new OperatorMetrics(new PrometheusRegistry()),
            clock,
            Duration.ofSeconds(1));

    loop.run(
        plan("c1"),
        new ScriptedEnvironment(clock, new ClusterSettings(2, 3, Map.of())),
        (w, reason, m) -> {},
        d -> {});
    assertThat(loop.snapshotsKept()).as("the scale-up waits for its outcome").isEqualTo(1);

    loop.forget("ns/another");
    assertThat(loop.snapshotsKept()).isEqualTo(1);
    loop.forget("ns/c1");
    assertThat(loop.snapshotsKept()).isZero();
  }

  private static ClusterPlan plan(String name) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    return new SpecValidator((n, s, k) -> Optional.empty())
        .validate("ns", name, spec)
        .plan()
        .orElseThrow();
  }
}
