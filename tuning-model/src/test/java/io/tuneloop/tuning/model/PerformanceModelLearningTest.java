package io.tuneloop.tuning.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.testing.SyntheticCluster;
import io.tuneloop.tuning.testing.SyntheticCluster.Load;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ensemble learns the synthetic latency-vs-journalMaxGroupWaitMSec-vs-load surface. */
class PerformanceModelLearningTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();
  private static PerformanceModel model;
  private static TrainingReport report;

  @BeforeAll
  static void train() {
    model =
        PerformanceModel.initialise(
            new EnsembleConfig(3, List.of(32, 32), 1e-2, 1e-5, 42),
            SCHEMA,
            "test-1",
            Lineage.baseline("test-1"),
            SyntheticCluster.T0);
    TrainingData data = model.encode(SyntheticCluster.samples(1500, 1));
    long start = System.nanoTime();
    report = model.fit(data, 25, 32);
    System.out.printf(
        "trained 3x[32,32] on 1500 samples x 25 epochs in %.1f s, mse %.4f -> %.4f%n",
        (System.nanoTime() - start) / 1e9, report.mseBefore(), report.mseAfter());
  }

  @Test
  void heldOutErrorIsWithinBound() {
    List<Sample> test = SyntheticCluster.samples(400, 99);
    double logErr = 0;
    double logErrOperating = 0;
    int operating = 0;
    double cpuErr = 0;
    List<Double> relErrors = new ArrayList<>();
    for (Sample s : test) {
      Prediction p = model.predict(s.features(), List.of(s.settings())).get(0);
      double want = s.outcome().p99LatencyMs();
      double got = p.p99LatencyMs().mean();
      double e = Math.abs(Math.log1p(got) - Math.log1p(want));
      logErr += e;
      // The operating region (nothing past 90% busy) is where the planner's choices live.
      if (s.outcome().peakCpuUtilisation() < 0.9) {
        logErrOperating += e;
        operating++;
      }
      relErrors.add(Math.abs(got - want) / want);
      cpuErr += Math.abs(p.peakCpuUtilisation().mean() - s.outcome().peakCpuUtilisation());
    }
    relErrors.sort(Double::compare);
    double medianRel = relErrors.get(relErrors.size() / 2);
    logErr /= test.size();
    logErrOperating /= operating;
    cpuErr /= test.size();
    System.out.printf(
        "held-out: mean |log1p error| %.3f (operating region %.3f over %d), median relative p99"
            + " error %.3f, cpu MAE %.3f%n",
        logErr, logErrOperating, operating, medianRel, cpuErr);
    assertThat(report.mseAfter()).isLessThan(report.mseBefore() / 10);
    assertThat(operating).isGreaterThan(test.size() / 2);
    assertThat(logErr).isLessThan(0.3);
    assertThat(logErrOperating).isLessThan(0.2);
    assertThat(medianRel).isLessThan(0.15);
    assertThat(cpuErr).isLessThan(0.06);
  }

  @Test
  void learnsThatTheBestGroupWaitGrowsWithLoad() {
    ClusterSettings current = SyntheticCluster.settings(4, 4, 1);
    double capacity = SyntheticCluster.journalCapacity(1) * 4 / 2;
    double bestLow = bestWait(new Load(0.15 * capacity, 1024, 1000), current);
    double bestHigh = bestWait(new Load(0.95 * capacity, 1024, 1000), current);
    double trueLow = trueBestWait(new Load(0.15 * capacity, 1024, 1000));
    double trueHigh = trueBestWait(new Load(0.95 * capacity, 1024, 1000));
    System.out.printf(
        "best wait: low load model %.0f (true %.0f), high load model %.0f (true %.0f)%n",
        bestLow, trueLow, bestHigh, trueHigh);
    assertThat(trueLow).isLessThan(trueHigh);
    assertThat(bestLow).isLessThanOrEqualTo(2);
    assertThat(bestHigh).isGreaterThanOrEqualTo(4);
  }

  @Test
  void ensembleIsLessSureFarFromTheData() {
    ClusterSettings current = SyntheticCluster.settings(4, 4, 1);
    double capacity = SyntheticCluster.journalCapacity(1) * 4 / 2;
    FeatureVector inRange =
        SCHEMA.vectorize(
            SyntheticCluster.snapshot(
                new Load(0.5 * capacity, 1024, 1000), current, SyntheticCluster.T0));
    FeatureVector farOut =
        SCHEMA.vectorize(
            SyntheticCluster.snapshot(
                new Load(40 * capacity, 60_000, 90_000), current, SyntheticCluster.T0));
    double near = model.predict(inRange, List.of(current)).get(0).p99LatencyMs().spread();
    double far = model.predict(farOut, List.of(current)).get(0).p99LatencyMs().spread();
    assertThat(far).isGreaterThan(near);
  }

  private static double bestWait(Load load, ClusterSettings current) {
    FeatureVector f =
        SCHEMA.vectorize(SyntheticCluster.snapshot(load, current, SyntheticCluster.T0));
    List<ClusterSettings> candidates = new ArrayList<>();
    for (int w = 0; w <= 50; w++) {
      candidates.add(SyntheticCluster.settings(4, 4, w));
    }
    List<Prediction> ps = model.predict(f, candidates);
    int best = 0;
    for (int w = 1; w < ps.size(); w++) {
      if (ps.get(w).p99LatencyMs().mean() < ps.get(best).p99LatencyMs().mean()) {
        best = w;
      }
    }
    return best;
  }

  private static double trueBestWait(Load load) {
    int best = 0;
    double bestP99 = Double.MAX_VALUE;
    for (int w = 0; w <= 50; w++) {
      double p = SyntheticCluster.outcome(load, SyntheticCluster.settings(4, 4, w)).p99LatencyMs();
      if (p < bestP99) {
        bestP99 = p;
        best = w;
      }
    }
    return best;
  }
}
