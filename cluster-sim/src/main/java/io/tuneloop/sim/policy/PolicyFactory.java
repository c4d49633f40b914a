package io.tuneloop.sim.policy;

import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.planner.CostWeights;
import io.tuneloop.tuning.planner.Objectives;
import java.time.Instant;
import java.util.List;

/**
 * Makes a fresh policy by name for one run. Policies that need more than the name (the oracle needs
 * the trace) get it here, so the benchmark treats them all alike.
 */
public final class PolicyFactory {
  public static final List<String> NAMES =
      List.of("static", "threshold", "hpa", "tuneloop-cold", "tuneloop-federated", "oracle");

  private final TwinParameters params;
  private final double windowSeconds;
  private final double sloP99Ms;
  private final BenchBounds bounds;
  private final long seed;
  private final int outcomeLag;

  public PolicyFactory(
      TwinParameters params, double windowSeconds, double sloP99Ms, BenchBounds bounds, long seed) {
    this(params, windowSeconds, sloP99Ms, bounds, seed, LaggedOutcomes.DEFAULT_LAG);
  }

  /**
   * @param outcomeLag windows between a Tuneloop decision and the window its online learning
   *     credits it with ({@link LaggedOutcomes})
   */
  public PolicyFactory(
      TwinParameters params,
      double windowSeconds,
      double sloP99Ms,
      BenchBounds bounds,
      long seed,
      int outcomeLag) {
    this.params = params;
    this.windowSeconds = windowSeconds;
    this.sloP99Ms = sloP99Ms;
    this.bounds = bounds;
    this.seed = seed;
    this.outcomeLag = outcomeLag;
  }

  /**
   * The objectives Tuneloop plans against: the benchmark's SLO and 75% peak CPU, one price unit per
   * pod-hour and per disruption unit, over a two-hour horizon. At a one-hour horizon a bookie
   * decommission (1 disruption unit) exactly cancels the pod-hour it saves, so bookies added for a
   * spike would never be returned; two hours means a removal must pay back within two hours.
   */
  public Objectives objectives() {
    return new Objectives(sloP99Ms, 0.75, 0.0, 1.0, 0.1, new CostWeights(1, 1, 1, 2));
  }

  private Policy tuneloop(String name, PerformanceModel model) {
    return new TuneloopPolicy(
        name, model, TuneloopPolicy.bounds(bounds), objectives(), 30, 1500, 2, outcomeLag);
  }

  /** A freshly initialised ensemble (the standard architecture and seeds), as a first install. */
  static PerformanceModel coldModel() {
    return PerformanceModel.initialise(
        EnsembleConfig.standard(),
        FeatureSchema.v1(),
        "cold-1",
        Lineage.baseline("cold-1"),
        Instant.EPOCH);
  }

  /**
   * @throws IllegalArgumentException naming the known policies when {@code name} is not one
   */
  public Policy create(String name, WorkloadTrace trace) {
    return switch (name) {
      case "static" -> new StaticPolicy();
      case "threshold" -> new ThresholdPolicy(bounds);
      case "hpa" -> new HpaPolicy(bounds);
      case "oracle" -> new OraclePolicy(params, trace, windowSeconds, sloP99Ms, bounds);
      case "tuneloop-cold" -> tuneloop(name, coldModel());
      case "tuneloop-federated" -> tuneloop(name, FederatedBaseline.load());
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "'; expected one of " + NAMES);
    };
  }
}
