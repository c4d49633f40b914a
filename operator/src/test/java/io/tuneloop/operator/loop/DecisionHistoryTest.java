package io.tuneloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DecisionRecords;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old finished decisions are deleted past the spec's history; nothing is applied in Recommend. */
class DecisionHistoryTest {

  @Test
  void finishedDecisionsBeyondTheHistoryAreDeletedOldestFirst(@TempDir Path dir) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    spec.guardrails.decisionHistory = 3;
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate("ns", "c1", spec)
            .plan()
            .orElseThrow();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    ScriptedEnvironment env =
        new ScriptedEnvironment(clock, new ClusterSettings(2, 3, java.util.Map.of()));
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir);
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3)),
            journal,
            new OperatorMetrics(new PrometheusRegistry()),
            clock,
            Duration.ofSeconds(1));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      LoopResult r = loop.run(plan, env, (w, reason, m) -> {}, d -> {});
      names.add(r.lastDecision().orElseThrow().getMetadata().getName());
      clock.advance(Duration.ofMinutes(1));
    }
    // Each pass trims to the history (3) before it writes its own decision, so 3 + 1 remain.
    loop.run(plan, env, (w, reason, m) -> {}, d -> {});
    List<TuningDecision> kept = journal.list("ns", "c1");
    assertThat(kept).hasSize(4);
    assertThat(kept).allMatch(d -> d.getStatus().phase == Phase.Recommended);
    assertThat(kept.stream().map(d -> d.getMetadata().getName()))
        .doesNotContain(names.get(0), names.get(1), names.get(2))
        .contains(names.get(3), names.get(4), names.get(5));
    assertThat(env.applied()).isEmpty();
  }

  /**
   * Each vetoed repeat of an abandoned change is a decision too; they must not push the Abandoned
   * decision out of the history while the abandoned-change guard remembers it, or the repeat would
   * go ahead after {@code decisionHistory} passes. Past the memory it is trimmed like any other.
   */
  @Test
  void anAbandonedDecisionIsKeptWhileItsRepeatIsVetoed(@TempDir Path dir) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:8080");
    spec.guardrails.decisionHistory = 3;
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate("ns", "c1", spec)
            .plan()
            .orElseThrow();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Environment env =
        new ScriptedEnvironment(
            clock,
            new ClusterSettings(2, 3, java.util.Map.of()),
            (e, action) -> {
              throw new AssertionError("nothing is applied in Recommend mode: " + action);
            });
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir);
    TuningDecision abandoned = new TuningDecision();
    abandoned.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace("ns")
            .withName("c1-abandoned")
            .addToLabels(TuningDecision.CLUSTER_LABEL, "c1")
            .build());
    abandoned.setSpec(new io.tuneloop.operator.crd.TuningDecisionSpec());
    abandoned.getSpec().clusterName = "c1";
    abandoned.getSpec().action = DecisionRecords.record(new Action.ScaleBrokers(2, 3));
    abandoned.setStatus(new io.tuneloop.operator.crd.TuningDecisionStatus());
    abandoned.getStatus().phase = Phase.Abandoned;
    abandoned.getStatus().plannedAt = "2025-12-31T23:00:00Z";
    abandoned.getStatus().finishedAt = "2025-12-31T23:30:00Z";
    journal.create(abandoned);
    TuningLoop loop =
        new TuningLoop(
            new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3)),
            journal,
            new OperatorMetrics(new PrometheusRegistry()),
            clock,
            Duration.ofSeconds(1));
    for (int i = 0; i < 6; i++) {
      LoopResult r = loop.run(plan, env, (w, reason, m) -> {}, d -> {});
      TuningDecision d = r.lastDecision().orElseThrow();
      assertThat(d.getStatus().phase).isEqualTo(Phase.Rejected);
      assertThat(d.getStatus().message).contains("abandoned-change: ").contains("c1-abandoned");
      clock.advance(Duration.ofMinutes(1));
    }
    List<TuningDecision> kept = journal.list("ns", "c1");
    assertThat(kept.stream().map(d -> d.getMetadata().getName())).contains("c1-abandoned");
    // The abandoned one counts toward the history (3) but is passed over: 2 rejections stay
    // from the trim, plus the last pass's own.
    assertThat(kept).hasSize(4);

    clock.advance(TuningLoop.ABANDONED_CHANGE_MEMORY);
    LoopResult after = loop.run(plan, env, (w, reason, m) -> {}, d -> {});
    assertThat(after.lastDecision().orElseThrow().getStatus().phase).isEqualTo(Phase.Recommended);
    assertThat(journal.list("ns", "c1").stream().map(d -> d.getMetadata().getName()))
        .doesNotContain("c1-abandoned");
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
