package io.tuneloop.tuning.bench;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelLoadException;
import io.tuneloop.tuning.store.ShippedBaseline;
import io.tuneloop.tuning.testing.SyntheticCluster;

/** What the benchmarks share: the production-size model and a large cluster's snapshot. */
final class BenchFixtures {
  private BenchFixtures() {}

  /** The shipped baseline: the standard 5-member ensemble of two 64-unit layers. */
  static PerformanceModel standardModel() {
    try {
      return ShippedBaseline.load(io.tuneloop.telemetry.features.FeatureSchema.v1());
    } catch (ModelLoadException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 100 brokers and 30 bookies serving 10,000 topics at 600k msg/s of 1 KiB. */
  static ClusterSnapshot largeCluster() {
    return SyntheticCluster.snapshot(
        new SyntheticCluster.Load(600_000, 1024, 10_000),
        SyntheticCluster.settings(100, 30, 2),
        SyntheticCluster.T0);
  }
}
