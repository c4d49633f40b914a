package io.tuneloop.federation.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.learning.Attack;
import io.tuneloop.federation.learning.LinearRegressionTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Robustness on a real learning task, without a broker: 10 clusters fine-tune a shared linear model
 * for five rounds, two of them hostile. The trimmed mean must stay within 5 % of the loss
 * honest-only FedAvg reaches, and plain FedAvg must be shown to break under the scaled attacks.
 */
class RobustAggregationTest {
  private static final int CLUSTERS = 10;
  private static final int HOSTILE = 2;
  private static final int ROUNDS = 5;
  private static final L2Clip UNBOUNDED = new L2Clip(Double.POSITIVE_INFINITY);

  private final LinearRegressionTask task = new LinearRegressionTask(12, 0.5, 11);
  private final List<LinearRegressionTask.Dataset> data = new ArrayList<>();

  RobustAggregationTest() {
    for (int k = 0; k < CLUSTERS; k++) {
      data.add(task.cluster(k, 200, 11));
    }
  }

  private float[] run(AggregationRule rule, Attack attack, boolean includeHostile) {
    float[] baseline = new float[task.dimension()];
    for (int round = 1; round <= ROUNDS; round++) {
      List<Contribution> cs = new ArrayList<>();
      for (int k = 0; k < CLUSTERS; k++) {
        boolean hostile = k >= CLUSTERS - HOSTILE;
        if (hostile && !includeHostile) {
          continue;
        }
        float[] local = task.train(baseline, data.get(k), 3, 0.02, 100L * round + k);
        float[] delta = new float[local.length];
        for (int j = 0; j < delta.length; j++) {
          delta[j] = local[j] - baseline[j];
        }
        cs.add(new Contribution("c" + k, 200, hostile ? attack.apply(delta) : delta));
      }
      double[] agg = rule.aggregate(cs, task.dimension()).delta();
      for (int j = 0; j < baseline.length; j++) {
        baseline[j] += (float) agg[j];
      }
    }
    return baseline;
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void trimmedMeanHoldsWhilePlainFedAvgBreaks(Attack attack) {
    double start = task.loss(new float[task.dimension()]);
    double honest = task.loss(run(new FedAvg(UNBOUNDED), attack, false));
    double trimmed = task.loss(run(new TrimmedMean(0.2, UNBOUNDED), attack, true));
    double plain = task.loss(run(new FedAvg(UNBOUNDED), attack, true));
    System.out.printf(
        "%s: start %.4f, honest-only FedAvg %.4f, trimmed mean %.4f (%+.2f %%), plain FedAvg %.4g%n",
        attack, start, honest, trimmed, 100 * (trimmed / honest - 1), plain);
    assertThat(honest).as("the task is learnable").isLessThan(start / 5);
    assertThat(trimmed / honest - 1).as("trimmed-mean degradation").isLessThanOrEqualTo(0.05);
    if (attack != Attack.SIGN_FLIPPED) {
      assertThat(plain).as("plain FedAvg under attack").isGreaterThan(start);
    }
  }
}
