package io.tuneloop.federation.aggregation;

import io.tuneloop.federation.clip.L2Clip;
import java.util.List;

/**
 * Federated averaging weighted by sample count, with each update first scaled to the L2 bound
 * (norm-bounded FedAvg). With an infinite bound it is plain FedAvg, which one hostile client can
 * steer arbitrarily far: the robustness tests show exactly that.
 */
public final class FedAvg implements AggregationRule {
  private final L2Clip clip;

  public FedAvg(L2Clip clip) {
    this.clip = clip;
  }

  @Override
  public String method() {
    return clip.unbounded() ? "fedavg" : "fedavg(clip=" + clip.bound() + ")";
  }

  @Override
  public double clipBound() {
    return clip.bound();
  }

  @Override
  public double noiseMultiplier() {
    return 0;
  }

  @Override
  public int minimumContributions() {
    return 1;
  }

  @Override
  public Aggregate aggregate(List<Contribution> contributions, int dimension) {
    AggregationRule.requireShape(contributions, dimension, 1);
    double[] sum = new double[dimension];
    double totalWeight = 0;
    int clipped = 0;
    for (Contribution c : contributions) {
      double scale = clip.scaleFor(L2Clip.norm(c.delta()));
      if (scale < 1) {
        clipped++;
      }
      double w = c.sampleCount();
      totalWeight += w;
      addScaled(sum, c.delta(), w * scale);
    }
    for (int j = 0; j < dimension; j++) {
      sum[j] /= totalWeight;
    }
    return new Aggregate(sum, 0, clipped);
  }

  static void addScaled(double[] acc, float[] v, double factor) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += factor * v[j];
    }
  }
}
