package io.tuneloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.planner.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scale-up makes p99 regress and is rolled back; after {@code maxRollbacksPerHour} of them
 * the breaker demotes the cluster to Recommend: the next proposal is recorded, not applied.
 */
class RollbackBreakerTest {

  @Test
  void repeatedRollbacksDemoteTheClusterToRecommend(@TempDir Path dir) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.guardrails.maxRollbacksPerHour = 2;
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate("ns", "c1", spec)
            .plan()
            .orElseThrow();
    DecisionHistoryTest.MutableClock clock =
        new DecisionHistoryTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ScriptedEnvironment env =
        new ScriptedEnvironment(
            clock,
            new ClusterSettings(2, 3, Map.of()),
            (e, action) -> {
              if (action instanceof Action.ScaleBrokers b) {
                e.settings(new ClusterSettings(b.to(), 3, Map.of()));
                // A scale-up makes things worse here; undoing it restores the old latency.
                e.telemetry().p99Ms(b.to() > 2 ? 400 : 20);
              }
            });
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3)),
            new DirectoryDecisionJournal(dir),
            new OperatorMetrics(new PrometheusRegistry()),
            clock,
            Duration.ofSeconds(1));

    List<LoopResult> results = new ArrayList<>();
    for (int pass = 0; pass < 12; pass++) {
      results.add(loop.run(plan, env, (w, reason, m) -> {}, d -> {}));
      clock.advance(Duration.ofMinutes(2));
    }

    List<Phase> phases =
        new DirectoryDecisionJournal(dir)
            .list("ns", "c1").stream().map(d -> d.getStatus().phase).toList();
    assertThat(phases.stream().filter(p -> p == Phase.RolledBack).count()).isEqualTo(2);
    assertThat(phases).contains(Phase.Recommended);
    LoopResult last = results.get(results.size() - 1);
    assertThat(last.effectiveMode()).isEqualTo(Mode.RECOMMEND);
    assertThat(last.degraded())
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("RollbackBreaker"));
    // Two scale-ups and their two undos, and nothing after the breaker tripped.
    assertThat(env.applied()).hasSize(4);
  }
}
