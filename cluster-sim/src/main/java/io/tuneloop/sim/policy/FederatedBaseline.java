package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The baseline pre-trained on a simulated fleet ({@code tuneloop pretrain-baseline}), packaged at
 * {@value #RESOURCE}. Each call returns a fresh copy, so runs never share learned weights.
 */
public final class FederatedBaseline {
  public static final String RESOURCE = "/baseline/baseline-v1.tlm";

  private FederatedBaseline() {}

  public static PerformanceModel load() {
    try (InputStream in = FederatedBaseline.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the classpath; build it with `tuneloop pretrain-baseline` (see"
                + " docs/benchmarks.md)");
      }
      return ModelArtifact.read(in, "fleet baseline " + RESOURCE, FeatureSchema.v1());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    } catch (io.tuneloop.tuning.store.ModelLoadException e) {
      throw new IllegalStateException("cannot load " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
