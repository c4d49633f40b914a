package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.List;

/**
 * Turns (feature vector, candidate settings) into normalised model inputs, laid out as {@link
 * ReferenceStatistics} describes: features (a missing one filled with the reference mean, so it
 * normalises to 0), missing indicators, the candidate's knob values encoded on each knob's fixed
 * scale, then {@link #DERIVED} physics-aware inputs that divide the observed load by the
 * candidate's replica counts (so that adding or removing replicas is a simple function the network
 * can represent instead of an interaction it has to learn from data).
 */
public final class ModelInputs {
  private final FeatureSchema schema;
  private final KnobCatalog catalog;
  private final NormalisationStats stats;
  private final double[] fills;
  private final int msgRateIn;
  private final int bytesRateIn;
  private final int brokerCpuMax;
  private final int bookieCpuMax;
  private final int brokers;
  private final int bookies;

  /**
   * Number of derived per-candidate inputs: log1p(msg_rate_in / candidate brokers), log1p
   * (bytes_rate_in / candidate brokers), log1p(bytes_rate_in / candidate bookies), broker_cpu_max ×
   * current brokers / candidate brokers and bookie_cpu_max × current bookies / candidate bookies
   * (both clipped to [0, {@link #MAX_PROJECTED_CPU}]).
   */
  public static final int DERIVED = 5;

  /** Upper clip of the projected CPU inputs. */
  public static final double MAX_PROJECTED_CPU = 3.0;

  /** Names of the derived inputs, in layout order. */
  public static final List<String> DERIVED_NAMES =
      List.of(
          "msg_rate_in_per_candidate_broker",
          "bytes_rate_in_per_candidate_broker",
          "bytes_rate_in_per_candidate_bookie",
          "broker_cpu_max_projected",
          "bookie_cpu_max_projected");

  public ModelInputs(FeatureSchema schema, KnobCatalog catalog, NormalisationStats stats) {
    int expected = width(schema, catalog);
    if (stats.inputs() != expected) {
      throw new IllegalArgumentException(
          "normalisation covers "
              + stats.inputs()
              + " inputs, schema "
              + schema.version()
              + " with "
              + catalog.size()
              + " knobs needs "
              + expected);
    }
    this.schema = schema;
    this.catalog = catalog;
    this.stats = stats;
    this.fills = java.util.Arrays.copyOf(stats.inputMean(), schema.size());
    this.msgRateIn = schema.indexOf("msg_rate_in");
    this.bytesRateIn = schema.indexOf("bytes_rate_in");
    this.brokerCpuMax = schema.indexOf("broker_cpu_max");
    this.bookieCpuMax = schema.indexOf("bookie_cpu_max");
    this.brokers = schema.indexOf("brokers");
    this.bookies = schema.indexOf("bookies");
  }

  /** Number of model inputs for a schema and catalog. */
  public static int width(FeatureSchema schema, KnobCatalog catalog) {
    return 2 * schema.size() + catalog.size() + DERIVED;
  }

  public int width() {
    return stats.inputs();
  }

  /** The stored means used to fill missing features (in scaled units). */
  public double[] fills() {
    return fills.clone();
  }

  /**
   * Normalised inputs, one row per candidate, row-major in a flat array.
   *
   * @throws IllegalArgumentException when the vector is of another schema or a candidate reports a
   *     knob value that does not parse
   */
  public float[] encode(FeatureVector features, List<ClusterSettings> candidates) {
    if (!schema.version().equals(features.schemaVersion()) || features.size() != schema.size()) {
      throw new IllegalArgumentException(
          "feature vector of schema "
              + features.schemaVersion()
              + " with "
              + features.size()
              + " values, expected "
              + schema.version()
              + " with "
              + schema.size());
    }
    int w = width();
    int f = schema.size();
    float[] head = new float[2 * f];
    double[] filled = features.filledWith(fills);
    for (int i = 0; i < f; i++) {
      head[i] = (float) stats.normaliseInput(i, filled[i]);
      head[f + i] = (float) stats.normaliseInput(f + i, features.isPresent(i) ? 0 : 1);
    }
    double rateIn = Math.max(0, raw(filled, msgRateIn));
    double bytesIn = Math.max(0, raw(filled, bytesRateIn));
    double brokerCpu = Math.max(0, raw(filled, brokerCpuMax));
    double bookieCpu = Math.max(0, raw(filled, bookieCpuMax));
    double currentBrokers = Math.max(1, raw(filled, brokers));
    double currentBookies = Math.max(1, raw(filled, bookies));
    int d0 = 2 * f + catalog.size();
    float[] out = new float[candidates.size() * w];
    List<Knob> knobs = catalog.all();
    for (int c = 0; c < candidates.size(); c++) {
      int base = c * w;
      System.arraycopy(head, 0, out, base, head.length);
      ClusterSettings s = candidates.get(c);
      for (int j = 0; j < knobs.size(); j++) {
        Knob k = knobs.get(j);
        out[base + 2 * f + j] = (float) stats.normaliseInput(2 * f + j, k.encode(k.current(s)));
      }
      double candBrokers = Math.max(1, s.brokers());
      double candBookies = Math.max(1, s.bookies());
      double[] derived = {
        Math.log1p(rateIn / candBrokers),
        Math.log1p(bytesIn / candBrokers),
        Math.log1p(bytesIn / candBookies),
        Math.min(MAX_PROJECTED_CPU, brokerCpu * currentBrokers / candBrokers),
        Math.min(MAX_PROJECTED_CPU, bookieCpu * currentBookies / candBookies)
      };
      for (int j = 0; j < DERIVED; j++) {
        out[base + d0 + j] = (float) stats.normaliseInput(d0 + j, derived[j]);
      }
    }
    return out;
  }

  /** The unscaled value of feature {@code i} (a missing one is its reference-mean fill). */
  private double raw(double[] filled, int i) {
    return schema.features().get(i).scaling().invert(filled[i]);
  }

  /** Normalised training targets for one observed outcome. */
  public float[] encodeTargets(ObservedOutcome outcome) {
    Target[] ts = Target.values();
    float[] y = new float[ts.length];
    for (int i = 0; i < ts.length; i++) {
      y[i] = (float) stats.normaliseOutput(i, ts[i].toModelScale(outcome.get(ts[i])));
    }
    return y;
  }
}
