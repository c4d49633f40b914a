package io.tuneloop.operator.cli;

import io.tuneloop.operator.loop.DecisionMaker;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import io.tuneloop.tuning.store.LoadedModel;
import io.tuneloop.tuning.store.ModelStore;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The tuning model's {@link Planner} over the cluster's stored model, or the shipped baseline when
 * there is none yet (the reason is kept for the ModelReady condition).
 */
public final class PlannerDecisionMaker implements DecisionMaker {
  private final LoadedModel model;
  private final Function<String, PerformanceModel> models;

  private PlannerDecisionMaker(LoadedModel model, Function<String, PerformanceModel> models) {
    this.model = model;
    this.models = models;
  }

  /**
   * @throws IllegalStateException when neither a stored model nor the shipped baseline loads
   */
  public static PlannerDecisionMaker fromStore(Path modelDir) {
    LoadedModel loaded = new ModelStore(modelDir, FeatureSchema.v1()).loadCurrentOrBaseline();
    return new PlannerDecisionMaker(loaded, cluster -> loaded.model());
  }

  /**
   * The same decision maker, predicting for each cluster with the model {@code models} gives for
   * its id: the cluster's own fine-tuned or re-based model, so that what it learned shapes what it
   * decides.
   */
  public PlannerDecisionMaker withModels(Function<String, PerformanceModel> perCluster) {
    return new PlannerDecisionMaker(model, perCluster);
  }

  /** The shared starting model (also the one each cluster's learner starts from). */
  public PerformanceModel model() {
    return model.model();
  }

  /** Where the shared model came from, and why the baseline is used if it is. */
  public String describe() {
    return model.model().version()
        + " from "
        + model.source()
        + model.fallbackReason().map(r -> " (" + r + ")").orElse("");
  }

  @Override
  public Plan decide(PlanRequest request) {
    PerformanceModel m = models.apply(request.snapshot().clusterId());
    return new Planner(m, CandidateGenerator.standard()).plan(request);
  }
}
