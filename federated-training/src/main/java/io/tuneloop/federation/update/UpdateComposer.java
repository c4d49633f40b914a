package io.tuneloop.federation.update;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.clip.L2Clip;

/**
 * Builds the update a cluster sends: local weights minus the baseline they were fine-tuned from,
 * clipped to the L2 bound, stamped with the baseline's round, version and schema. Clipping happens
 * here, on the cluster, so an honest cluster never reveals more than the bound allows; the
 * aggregator clips again because it cannot trust that.
 */
public final class UpdateComposer {
  private final L2Clip clip;
  private final String clusterId;

  public UpdateComposer(L2Clip clip, String clusterId) {
    ModelUpdate.requireIdentifier("clusterId", clusterId);
    this.clip = clip;
    this.clusterId = clusterId;
  }

  public String clusterId() {
    return clusterId;
  }

  /**
   * @param baseline the baseline the local model started from
   * @param localParameters the fine-tuned weights, same length as the baseline's
   * @param sampleCount the training examples behind the fine-tuning
   */
  public Composed compose(Baseline baseline, float[] localParameters, long sampleCount) {
    float[] base = baseline.parameters();
    if (localParameters.length != base.length) {
      throw new IllegalArgumentException(
          "local model has "
              + localParameters.length
              + " parameters, baseline "
              + baseline.version()
              + " has "
              + base.length);
    }
    float[] delta = new float[base.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = localParameters[i] - base[i];
    }
    double norm = L2Clip.norm(delta);
    ModelUpdate update =
        new ModelUpdate(
            baseline.nextRound(),
            baseline.version(),
            sampleCount,
            baseline.schemaVersion(),
            baseline.schemaFingerprint(),
            clusterId,
            clip.apply(delta));
    return new Composed(update, norm);
  }

  /**
   * @param update what will be sent
   * @param normBeforeClip the L2 norm of the raw delta, kept locally (it is not sent)
   */
  public record Composed(ModelUpdate update, double normBeforeClip) {}
}
