package io.tuneloop.federation.learning;

import java.util.SplittableRandom;

/**
 * A real learning task for the federation tests: linear regression y = w*·x + b* + noise with a
 * ground truth shared by every simulated cluster, each cluster seeing its own shifted slice of the
 * input space (non-identical data, as real clusters' workloads are). Parameters are the flat vector
 * [w, b], so the loss of any baseline is meaningful and comparable.
 */
public final class LinearRegressionTask {
  private final int features;
  private final double[] trueWeights;
  private final double trueBias;
  private final double noiseSd;
  private final Dataset test;

  /** Inputs and targets of one cluster, row-major. */
  public record Dataset(double[][] x, double[] y) {
    public int size() {
      return y.length;
    }
  }

  public LinearRegressionTask(int features, double noiseSd, long seed) {
    this.features = features;
    this.noiseSd = noiseSd;
    SplittableRandom r = new SplittableRandom(seed);
    this.trueWeights = new double[features];
    for (int j = 0; j < features; j++) {
      trueWeights[j] = r.nextGaussian();
    }
    this.trueBias = r.nextGaussian();
    // The held-out set covers the union of all clusters' input regions.
    this.test = sample(4000, 0.0, 1.5, r.split());
  }

  public int dimension() {
    return features + 1;
  }

  /** Cluster {@code index}'s private data: inputs centred on a cluster-specific shift. */
  public Dataset cluster(int index, int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    return sample(samples, 0.7, 1.0, r);
  }

  private Dataset sample(int n, double shiftScale, double spread, SplittableRandom r) {
    double[] centre = new double[features];
    for (int j = 0; j < features; j++) {
      centre[j] = shiftScale * r.nextGaussian();
    }
    double[][] x = new double[n][features];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double t = trueBias;
      for (int j = 0; j < features; j++) {
        x[i][j] = centre[j] + spread * r.nextGaussian();
        t += trueWeights[j] * x[i][j];
      }
      y[i] = t + noiseSd * r.nextGaussian();
    }
    return new Dataset(x, y);
  }

  /** Mean squared error of {@code params} on the held-out set. */
  public double loss(float[] params) {
    return mse(params, test);
  }

  public double mse(float[] params, Dataset d) {
    double sum = 0;
    for (int i = 0; i < d.size(); i++) {
      double e = predict(params, d.x()[i]) - d.y()[i];
      sum += e * e;
    }
    return sum / d.size();
  }

  /** Local fine-tuning: mini-batch SGD from {@code start}, deterministic for a given seed. */
  public float[] train(float[] start, Dataset d, int epochs, double learningRate, long seed) {
    double[] p = new double[start.length];
    for (int j = 0; j < p.length; j++) {
      p[j] = start[j];
    }
    SplittableRandom r = new SplittableRandom(seed);
    int n = d.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int batch = 16;
    double[] grad = new double[p.length];
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int k = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        java.util.Arrays.fill(grad, 0);
        for (int b = from; b < to; b++) {
          double[] x = d.x()[order[b]];
          double e = p[features];
          for (int j = 0; j < features; j++) {
            e += p[j] * x[j];
          }
          e -= d.y()[order[b]];
          for (int j = 0; j < features; j++) {
            grad[j] += 2 * e * x[j];
          }
          grad[features] += 2 * e;
        }
        for (int j = 0; j < p.length; j++) {
          p[j] -= learningRate * grad[j] / (to - from);
        }
      }
    }
    float[] out = new float[p.length];
    for (int j = 0; j < p.length; j++) {
      out[j] = (float) p[j];
    }
    return out;
  }

  private double predict(float[] params, double[] x) {
    double s = params[features];
    for (int j = 0; j < features; j++) {
      s += params[j] * x[j];
    }
    return s;
  }
}
