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
 * normalises to 0), missing indicators, then the candidate's knob values encoded on each knob's
 * fixed scale.
 */
public final class ModelInputs {
  private final FeatureSchema schema;
  private final KnobCatalog catalog;
  private final NormalisationStats stats;
  private final double[] fills;

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
  }

  /** Number of model inputs for a schema and catalog. */
  public static int width(FeatureSchema schema, KnobCatalog catalog) {
    return 2 * schema.size() + catalog.size();
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
    }
    return out;
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
