package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.features.Feature;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.Map;

/**
 * The fixed normalisation shipped with each feature schema and knob catalog. The numbers are
 * reference ranges for Pulsar clusters from a single test broker to about a million messages a
 * second (on the schema's scaled values: log1p for rates, bytes, latencies and counts; ratios as
 * they are), chosen once and never refitted. A new schema version needs its own table, so an
 * artifact can never silently mix statistics.
 *
 * <p>Model input layout: the schema's features, then one missing-indicator per feature (1 when the
 * reading was absent, already in a unit range), one encoded value in [0, 1] per catalog knob, then
 * {@link ModelInputs#DERIVED} derived per-candidate inputs (load per candidate replica, observed
 * CPU projected onto the candidate's replica counts) with the fixed statistics in {@code DERIVED}.
 */
public final class ReferenceStatistics {

  /** Reference (mean, std) of each v1 feature's scaled value. */
  private static final Map<String, double[]> V1 =
      Map.ofEntries(
          Map.entry("msg_rate_in", new double[] {8, 3}),
          Map.entry("msg_rate_out", new double[] {8, 3}),
          Map.entry("bytes_rate_in", new double[] {14, 3}),
          Map.entry("bytes_rate_out", new double[] {14, 3}),
          Map.entry("msg_size_mean", new double[] {7, 1.5}),
          Map.entry("msg_size_p99", new double[] {8, 1.5}),
          Map.entry("msg_large_fraction", new double[] {0, 0.1}),
          Map.entry("publish_latency_p50", new double[] {1.5, 1}),
          Map.entry("publish_latency_p99", new double[] {3, 1.5}),
          Map.entry("storage_write_latency_p99", new double[] {2.5, 1.5}),
          Map.entry("journal_add_latency_p99", new double[] {2, 1.5}),
          Map.entry("journal_sync_latency_p99", new double[] {1.5, 1.5}),
          Map.entry("journal_queue_size", new double[] {2, 2}),
          Map.entry("backlog", new double[] {6, 4}),
          Map.entry("cache_hit_rate", new double[] {0.8, 0.2}),
          Map.entry("broker_cpu_max", new double[] {0.5, 0.25}),
          Map.entry("broker_cpu_mean", new double[] {0.4, 0.2}),
          Map.entry("bookie_cpu_max", new double[] {0.4, 0.25}),
          Map.entry("broker_heap_ratio_max", new double[] {0.5, 0.2}),
          Map.entry("broker_direct_memory_ratio_max", new double[] {0.4, 0.25}),
          Map.entry("bookie_disk_usage_max", new double[] {0.4, 0.25}),
          Map.entry("topics", new double[] {5, 2.5}),
          Map.entry("producers", new double[] {4, 2.5}),
          Map.entry("consumers", new double[] {4, 2.5}),
          Map.entry("brokers", new double[] {1.6, 0.8}),
          Map.entry("bookies", new double[] {1.6, 0.8}),
          Map.entry("msg_rate_in_per_broker", new double[] {7, 3}),
          Map.entry("bytes_rate_in_per_bookie", new double[] {13, 3}),
          Map.entry("broker_load_imbalance", new double[] {1.3, 0.5}));

  /**
   * Reference (mean, std) of {@link ModelInputs}' derived inputs, in {@link
   * ModelInputs#DERIVED_NAMES} order: per-replica rates on the same scale as the schema's
   * msg_rate_in_per_broker and bytes_rate_in_per_bookie, projected CPU ratios like broker_cpu_max
   * (wider, since a projection can exceed 1).
   */
  private static final double[][] DERIVED = {{7, 3}, {13, 3}, {13, 3}, {0.5, 0.35}, {0.4, 0.35}};

  /** Outputs: log1p(p99 ms), peak CPU ratio, headroom ratio. */
  private static final double[] OUTPUT_MEAN = {3, 0.5, 0.3};

  private static final double[] OUTPUT_STD = {1.5, 0.3, 0.4};

  /** A knob's [0, 1] encoding treated as uniform: mean 1/2, std 1/sqrt(12). */
  private static final double KNOB_MEAN = 0.5;

  private static final double KNOB_STD = 0.2887;

  private ReferenceStatistics() {}

  /**
   * The reference statistics for {@code schema} and {@code catalog}.
   *
   * @throws IllegalArgumentException when either has no reference table (a new version)
   */
  public static NormalisationStats forSchema(FeatureSchema schema, KnobCatalog catalog) {
    if (!"v1".equals(schema.version())) {
      throw new IllegalArgumentException(
          "no reference normalisation for feature schema " + schema.version() + "; expected v1");
    }
    if (catalog != KnobCatalog.standard()) {
      throw new IllegalArgumentException(
          "reference normalisation exists only for the standard catalog " + KnobCatalog.VERSION);
    }
    int f = schema.size();
    int k = catalog.size();
    double[] mean = new double[2 * f + k + ModelInputs.DERIVED];
    double[] std = new double[2 * f + k + ModelInputs.DERIVED];
    for (int i = 0; i < f; i++) {
      Feature feature = schema.features().get(i);
      double[] ms = V1.get(feature.name());
      if (ms == null) {
        throw new IllegalArgumentException(
            "schema v1 feature '" + feature.name() + "' has no reference statistics");
      }
      mean[i] = ms[0];
      std[i] = ms[1];
      // Missing indicators are 0 or 1 already.
      mean[f + i] = 0;
      std[f + i] = 1;
    }
    for (int j = 0; j < k; j++) {
      mean[2 * f + j] = KNOB_MEAN;
      std[2 * f + j] = KNOB_STD;
    }
    for (int j = 0; j < ModelInputs.DERIVED; j++) {
      mean[2 * f + k + j] = DERIVED[j][0];
      std[2 * f + k + j] = DERIVED[j][1];
    }
    return new NormalisationStats(mean, std, OUTPUT_MEAN, OUTPUT_STD);
  }
}
