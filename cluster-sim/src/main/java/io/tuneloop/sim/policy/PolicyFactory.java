package io.tuneloop.sim.policy;

import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
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

  public PolicyFactory(
      TwinParameters params, double windowSeconds, double sloP99Ms, BenchBounds bounds, long seed) {
    this.params = params;
    this.windowSeconds = windowSeconds;
    this.sloP99Ms = sloP99Ms;
    this.bounds = bounds;
    this.seed = seed;
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
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "'; expected one of " + NAMES);
    };
  }
}
