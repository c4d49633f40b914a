package io.tuneloop.tuning.store;

import io.tuneloop.tuning.model.PerformanceModel;
import java.util.Objects;
import java.util.Optional;

/**
 * The model a cluster will use and where it came from.
 *
 * @param source the file or resource it was read from
 * @param fallbackReason why the cluster's own model was not used (empty when it was)
 */
public record LoadedModel(PerformanceModel model, String source, Optional<String> fallbackReason) {
  public LoadedModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fallbackReason, "fallbackReason");
  }

  public boolean isFallback() {
    return fallbackReason.isPresent();
  }
}
