package io.tuneloop.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each cluster decides with its own model: what its learner fine-tuned or saved, not the shared
 * one.
 */
class PerClusterModelTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path modelDir;

  private PlanRequest request(String clusterId, ClusterPlan plan) {
    ClusterSnapshot s = new ScriptedTelemetry(Clock.fixed(NOW, ZoneOffset.UTC)).observe();
    ClusterSnapshot forCluster =
        new ClusterSnapshot(
            clusterId,
            s.windowStart(),
            s.windowEnd(),
            s.brokers(),
            s.bookies(),
            s.messageSizes(),
            new ClusterSettings(2, 3, Map.of("journalMaxGroupWaitMSec", "1")),
            s.problems());
    return new PlanRequest(forCluster, plan.bounds(), plan.objectives(), Mode.RECOMMEND, false);
  }

  @Test
  void decisionsUseTheClustersSavedModelAndOthersTheSharedOne() throws Exception {
    PlannerDecisionMaker shared = PlannerDecisionMaker.fromStore(modelDir);
    PerformanceModel start = shared.model();
    // What a previous run of this operator fine-tuned and saved for cluster c1.
    PerformanceModel tuned = start.derive("c1-finetuned-7", NOW);
    new ModelStore(modelDir.resolve("c1"), FeatureSchema.v1()).save(tuned);
    Files.createDirectories(modelDir.resolve("c2"));

    LearnerOutcomeSink learning = new LearnerOutcomeSink(modelDir, start, Clock.systemUTC());
    PlannerDecisionMaker maker = shared.withModels(learning::modelFor);
    ClusterPlan plan =
        new SpecValidator((ns, name, key) -> Optional.empty())
            .validate("ns", "c1", ClusterSpecs.valid("http://b:8080"))
            .plan()
            .orElseThrow();

    Plan forC1 = maker.decide(request("c1", plan));
    Plan forC2 = maker.decide(request("c2", plan));

    assertThat(forC1.modelVersion()).isEqualTo("c1-finetuned-7");
    assertThat(forC2.modelVersion()).isEqualTo(start.version());
    assertThat(learning.modelFor("c1").version()).isEqualTo("c1-finetuned-7");
  }

  @Test
  void clustersOfOneNameInTwoNamespacesNeverShareAModel() throws Exception {
    PlannerDecisionMaker shared = PlannerDecisionMaker.fromStore(modelDir);
    SpecValidator validator = new SpecValidator((ns, name, key) -> Optional.empty());
    ClusterPlan inA =
        validator
            .validate("team-a", "prod", ClusterSpecs.valid("http://a:8080"))
            .plan()
            .orElseThrow();
    ClusterPlan inB =
        validator
            .validate("team-b", "prod", ClusterSpecs.valid("http://b:8080"))
            .plan()
            .orElseThrow();
    assertThat(inA.clusterId()).isEqualTo("team-a/prod").isNotEqualTo(inB.clusterId());

    new ModelStore(modelDir.resolve("team-a_prod"), FeatureSchema.v1())
        .save(shared.model().derive("team-a-prod-3", NOW));
    LearnerOutcomeSink learning =
        new LearnerOutcomeSink(modelDir, shared.model(), Clock.systemUTC());
    assertThat(learning.modelFor(inA.clusterId()).version()).isEqualTo("team-a-prod-3");
    assertThat(learning.modelFor(inB.clusterId()).version()).isEqualTo(shared.model().version());
  }
}
