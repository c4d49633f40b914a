package io.tuneloop.tuning.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.testing.SyntheticCluster;
import io.tuneloop.tuning.testing.SyntheticCluster.Load;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derived per-candidate inputs follow the candidate's replica counts. */
class ModelInputsTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();
  private static final NormalisationStats STATS =
      ReferenceStatistics.forSchema(SCHEMA, KnobCatalog.standard());

  @Test
  void derivedInputsDivideTheObservedLoadByTheCandidatesReplicas() {
    ModelInputs inputs = new ModelInputs(SCHEMA, KnobCatalog.standard(), STATS);
    int w = inputs.width();
    assertThat(w)
        .isEqualTo(2 * SCHEMA.size() + KnobCatalog.standard().size() + ModelInputs.DERIVED)
        .isEqualTo(STATS.inputs());
    ClusterSettings current = SyntheticCluster.settings(2, 4, 1);
    FeatureVector fv =
        SCHEMA.vectorize(
            SyntheticCluster.snapshot(new Load(40_000, 1024, 100), current, SyntheticCluster.T0));
    List<ClusterSettings> candidates =
        List.of(current, SyntheticCluster.settings(4, 4, 1), SyntheticCluster.settings(2, 8, 1));
    float[] x = inputs.encode(fv, candidates);
    int d0 = w - ModelInputs.DERIVED;
    double rate =
        SCHEMA
            .features()
            .get(SCHEMA.indexOf("msg_rate_in"))
            .scaling()
            .invert(fv.value(SCHEMA.indexOf("msg_rate_in")));
    double cpu = fv.value(SCHEMA.indexOf("broker_cpu_max"));
    // Current settings: rate / 2 brokers; projected CPU equals the observed one.
    assertThat(raw(x, 0, d0, 0))
        .isCloseTo(Math.log1p(rate / 2), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(raw(x, 0, d0, 3))
        .isCloseTo(Math.min(3, cpu), org.assertj.core.data.Offset.offset(1e-4));
    // Twice the brokers: half the per-broker rate and half the CPU; bookie inputs unchanged.
    assertThat(raw(x, 1, d0, 0))
        .isCloseTo(Math.log1p(rate / 4), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(raw(x, 1, d0, 3)).isCloseTo(cpu / 2, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(raw(x, 1, d0, 2))
        .isCloseTo(raw(x, 0, d0, 2), org.assertj.core.data.Offset.offset(1e-6));
    // Twice the bookies: lower per-bookie bytes, broker inputs unchanged.
    assertThat(raw(x, 2, d0, 2)).isLessThan(raw(x, 0, d0, 2));
    assertThat(raw(x, 2, d0, 0))
        .isCloseTo(raw(x, 0, d0, 0), org.assertj.core.data.Offset.offset(1e-6));
    // Deterministic.
    assertThat(inputs.encode(fv, candidates)).containsExactly(x);
  }

  /** Derived input {@code j} of candidate {@code c}, back on its unnormalised scale. */
  private static double raw(float[] x, int c, int d0, int j) {
    int w = STATS.inputs();
    return x[c * w + d0 + j] * STATS.inputStd()[d0 + j] + STATS.inputMean()[d0 + j];
  }
}
