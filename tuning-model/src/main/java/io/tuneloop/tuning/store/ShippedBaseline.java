package io.tuneloop.tuning.store;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import java.io.IOException;
import java.io.InputStream;

/**
 * The baseline model shipped inside this jar for each feature schema ({@code baseline-<schema>.tlm}
 * next to this class): what a first-ever install and every failed load fall back to.
 *
 * <p>{@code baseline-v1.tlm} is a copy of cluster-sim's fleet-pretrained baseline ({@code
 * cluster-sim/src/main/resources/baseline/baseline-v1.tlm}, made by {@code tuneloop
 * pretrain-baseline}); when that is re-made, copy it here again. tuning-model cannot read it from
 * cluster-sim directly, because cluster-sim depends on this module.
 */
public final class ShippedBaseline {
  private ShippedBaseline() {}

  public static String resource(FeatureSchema schema) {
    return "baseline-" + schema.version() + ".tlm";
  }

  public static PerformanceModel load(FeatureSchema schema) throws ModelLoadException {
    String name = resource(schema);
    try (InputStream in = ShippedBaseline.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException(
            "no shipped baseline " + name + " for feature schema " + schema.version());
      }
      return ModelArtifact.read(in, "shipped baseline " + name, schema);
    } catch (IOException e) {
      throw new ModelLoadException("shipped baseline " + name + " unreadable: " + e, e);
    }
  }
}
