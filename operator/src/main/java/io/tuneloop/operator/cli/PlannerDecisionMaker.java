package io.tuneloop.operator.cli;

import io.tuneloop.operator.loop.DecisionMaker;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import io.tuneloop.tuning.store.LoadedModel;
import io.tuneloop.tuning.store.ModelStore;
import java.nio.file.Path;

/**
 * The tuning model's {@link Planner} over the cluster's stored model, or the shipped baseline when
 * there is none yet (the reason is kept for the ModelReady condition).
 */
public final class PlannerDecisionMaker implements DecisionMaker {
  private final Planner planner;
  private final LoadedModel model;

  private PlannerDecisionMaker(Planner planner, LoadedModel model) {
    this.planner = planner;
    this.model = model;
  }

  /**
   * @throws IllegalStateException when neither a stored model nor the shipped baseline loads
   */
  public static PlannerDecisionMaker fromStore(Path modelDir) {
    LoadedModel loaded = new ModelStore(modelDir, FeatureSchema.v1()).loadCurrentOrBaseline();
    return new PlannerDecisionMaker(
        new Planner(loaded.model(), CandidateGenerator.standard()), loaded);
  }

  /** The model the planner predicts with (also the one the learner fine-tunes). */
  public io.tuneloop.tuning.model.PerformanceModel model() {
    return model.model();
  }

  /** Where the model came from, and why the baseline is used if it is. */
  public String describe() {
    return model.model().version()
        + " from "
        + model.source()
        + model.fallbackReason().map(r -> " (" + r + ")").orElse("");
  }

  @Override
  public Plan decide(PlanRequest request) {
    return planner.plan(request);
  }
}
