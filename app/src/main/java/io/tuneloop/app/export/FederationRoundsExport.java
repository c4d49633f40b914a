package io.tuneloop.app.export;

import io.tuneloop.federation.aggregation.Aggregate;
import io.tuneloop.federation.aggregation.AggregationRule;
import io.tuneloop.federation.aggregation.Contribution;
import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.aggregation.TrimmedMean;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.privacy.RdpAccountant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Federated rounds on a small synthetic task, aggregated by federated-training's own rules, so a
 * notebook can show how the baseline's quality moves across rounds under FedAvg, the trimmed mean
 * and DP noise, with and without one hostile cluster.
 *
 * <p>The task: linear regression in {@value #DIMENSION} dimensions. Each of {@value #CLUSTERS}
 * clusters holds its own data (its own sample count and a cluster-specific shift of the true
 * weights, as real clusters differ), trains locally from the current baseline for a few gradient
 * steps and contributes the difference. The baseline's quality is its mean squared error on a
 * held-out set drawn from the fleet-wide weights. A hostile cluster sends its honest update
 * reversed and scaled by {@value #HOSTILE_SCALE}.
 */
final class FederationRoundsExport {
  static final int DIMENSION = 16;
  static final int CLUSTERS = 10;
  static final double HOSTILE_SCALE = -25;
  static final double CLIP = 1.0;
  static final double DELTA = 1e-5;
  private static final int LOCAL_STEPS = 5;
  private static final double LEARNING_RATE = 0.05;
  private static final double LABEL_NOISE = 0.5;

  static final List<String> COLUMNS =
      List.of(
          "scenario",
          "rule",
          "hostile_clusters",
          "noise_multiplier",
          "round",
          "test_mse",
          "update_norm",
          "noise_stddev",
          "clipped",
          "epsilon");

  /** One line of the comparison: a rule and how many clusters are hostile. */
  record Scenario(String name, AggregationRule rule, int hostile) {}

  private final long seed;
  private final int rounds;
  private final double[] trueWeights;
  private final List<double[][]> clusterX = new ArrayList<>();
  private final List<double[]> clusterY = new ArrayList<>();
  private final double[][] testX;
  private final double[] testY;

  FederationRoundsExport(long seed, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds=" + rounds + " must be >= 1");
    }
    this.seed = seed;
    this.rounds = rounds;
    SplittableRandom r = new SplittableRandom(seed);
    trueWeights = gaussian(r, DIMENSION, 1.0);
    for (int c = 0; c < CLUSTERS; c++) {
      double[] shift = gaussian(r, DIMENSION, 0.3);
      double[] w = new double[DIMENSION];
      for (int j = 0; j < DIMENSION; j++) {
        w[j] = trueWeights[j] + shift[j];
      }
      int n = 50 + r.nextInt(251);
      double[][] x = new double[n][];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = gaussian(r, DIMENSION, 1.0);
        y[i] = dot(w, x[i]) + LABEL_NOISE * r.nextGaussian();
      }
      clusterX.add(x);
      clusterY.add(y);
    }
    int nTest = 500;
    testX = new double[nTest][];
    testY = new double[nTest];
    for (int i = 0; i < nTest; i++) {
      testX[i] = gaussian(r, DIMENSION, 1.0);
      testY[i] = dot(trueWeights, testX[i]) + LABEL_NOISE * r.nextGaussian();
    }
  }

  /** The scenarios the federation notebook compares; the DP noise draws follow the seed. */
  List<Scenario> scenarios() {
    L2Clip clip = new L2Clip(CLIP);
    L2Clip none = new L2Clip(Double.POSITIVE_INFINITY);
    List<Scenario> s = new ArrayList<>();
    s.add(new Scenario("fedavg", new FedAvg(clip), 0));
    s.add(new Scenario("fedavg-unclipped-hostile", new FedAvg(none), 1));
    s.add(new Scenario("fedavg-hostile", new FedAvg(clip), 1));
    s.add(new Scenario("trimmed-mean-hostile", new TrimmedMean(0.2, clip), 1));
    for (double z : new double[] {0.5, 1.0, 2.0}) {
      s.add(
          new Scenario(
              "dp-fedavg-z" + z,
              new DpFedAvg(clip, z, 300, CLUSTERS, new SplittableRandom(seed ^ Double.hashCode(z))),
              0));
    }
    return s;
  }

  CsvTable run() {
    CsvTable table = new CsvTable(COLUMNS);
    for (Scenario s : scenarios()) {
      run(s, table);
    }
    return table;
  }

  void run(Scenario s, CsvTable table) {
    double[] baseline = new double[DIMENSION];
    table.add(row(s, 0, testMse(baseline), Double.NaN, 0.0, 0));
    for (int round = 1; round <= rounds; round++) {
      List<Contribution> contributions = new ArrayList<>();
      for (int c = 0; c < CLUSTERS; c++) {
        double[] delta = localUpdate(baseline, clusterX.get(c), clusterY.get(c));
        float[] sent = new float[DIMENSION];
        double scale = c < s.hostile() ? HOSTILE_SCALE : 1;
        for (int j = 0; j < DIMENSION; j++) {
          sent[j] = (float) (scale * delta[j]);
        }
        contributions.add(new Contribution("cluster-" + c, clusterX.get(c).length, sent));
      }
      Aggregate a = s.rule().aggregate(contributions, DIMENSION);
      for (int j = 0; j < DIMENSION; j++) {
        baseline[j] += a.delta()[j];
      }
      table.add(
          row(s, round, testMse(baseline), L2Clip.norm(a.delta()), a.noiseStddev(), a.clipped()));
    }
  }

  private List<Object> row(
      Scenario s, int round, double mse, double updateNorm, double noiseStddev, int clipped) {
    double z = s.rule().noiseMultiplier();
    return List.of(
        s.name(),
        s.rule().method(),
        s.hostile(),
        z,
        round,
        mse,
        updateNorm,
        noiseStddev,
        clipped,
        epsilon(z, round));
  }

  /** ε at δ = {@value #DELTA} after {@code rounds} rounds in which every cluster takes part. */
  static double epsilon(double noiseMultiplier, int rounds) {
    if (noiseMultiplier <= 0 || rounds == 0) {
      return Double.NaN; // no noise: no privacy guarantee to report (an empty cell)
    }
    double[] orders = PrivacyLedger.DEFAULT_ORDERS;
    double[] rdp = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      rdp[i] = RdpAccountant.rdp(1.0, noiseMultiplier, orders[i], rounds);
    }
    return RdpAccountant.epsilon(orders, rdp, DELTA).epsilon();
  }

  private static double[] localUpdate(double[] start, double[][] x, double[] y) {
    double[] w = start.clone();
    for (int step = 0; step < LOCAL_STEPS; step++) {
      double[] grad = new double[DIMENSION];
      for (int i = 0; i < x.length; i++) {
        double err = dot(w, x[i]) - y[i];
        for (int j = 0; j < DIMENSION; j++) {
          grad[j] += 2 * err * x[i][j] / x.length;
        }
      }
      for (int j = 0; j < DIMENSION; j++) {
        w[j] -= LEARNING_RATE * grad[j];
      }
    }
    for (int j = 0; j < DIMENSION; j++) {
      w[j] -= start[j];
    }
    return w;
  }

  double testMse(double[] w) {
    double sum = 0;
    for (int i = 0; i < testX.length; i++) {
      double e = dot(w, testX[i]) - testY[i];
      sum += e * e;
    }
    return sum / testX.length;
  }

  private static double[] gaussian(SplittableRandom r, int n, double sd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sd * r.nextGaussian();
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
