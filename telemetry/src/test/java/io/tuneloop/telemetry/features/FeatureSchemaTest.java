package io.tuneloop.telemetry.features;

import static io.tuneloop.telemetry.snapshot.SnapshotFixtures.broker;
import static io.tuneloop.telemetry.snapshot.SnapshotFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {
  private final FeatureSchema schema = FeatureSchema.v1();

  @Test
  void sameLengthForClustersOfAnySize() {
    ClusterSnapshot small = cluster(List.of(broker("b0", 10, 0.1)));
    List<io.tuneloop.telemetry.snapshot.NodeSnapshot<io.tuneloop.telemetry.snapshot.BrokerMetric>>
        many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(broker("b" + i, 500, 0.5));
    }
    ClusterSnapshot large = cluster(many);
    assertThat(schema.vectorize(small).size()).isEqualTo(schema.size());
    assertThat(schema.vectorize(large).size()).isEqualTo(schema.size());
  }

  @Test
  void scalesPresentFeaturesAndMarksMissingOnesWithTheirReason() {
    ClusterSnapshot s = cluster(List.of(broker("b0", 100, 0.2), broker("b1", 300, 0.6)));
    FeatureVector v = schema.vectorize(s);

    assertThat(v.value(schema.indexOf("msg_rate_in"))).isCloseTo(Math.log1p(400), within(1e-12));
    assertThat(v.value(schema.indexOf("broker_cpu_max"))).isEqualTo(0.6);
    assertThat(v.value(schema.indexOf("broker_load_imbalance"))).isEqualTo(1.5);
    assertThat(v.value(schema.indexOf("broker_heap_ratio_max"))).isEqualTo(0.25);
    int backlog = schema.indexOf("backlog");
    assertThat(v.isPresent(backlog)).isFalse();
    assertThat(v.values()[backlog]).isNaN();
    assertThat(v.missingReasons()).anySatisfy(r -> assertThat(r).startsWith("backlog: "));
    assertThatThrownBy(() -> v.value(backlog)).hasMessageContaining("missing");
  }

  @Test
  void filledWithReplacesOnlyMissingValues() {
    FeatureVector v = schema.vectorize(cluster(List.of(broker("b0", 100, 0.2))));
    double[] fills = new double[v.size()];
    java.util.Arrays.fill(fills, -7);
    double[] filled = v.filledWith(fills);
    for (int i = 0; i < v.size(); i++) {
      assertThat(filled[i]).isEqualTo(v.isPresent(i) ? v.value(i) : -7);
    }
  }

  @Test
  void fingerprintIsStableAndChangesWithAnyFeature() {
    assertThat(FeatureSchema.v1().fingerprint()).isEqualTo(schema.fingerprint()).hasSize(16);
    List<Feature> changed = new ArrayList<>(schema.features());
    changed.set(0, new Feature("msg_rate_in", "msg/s", Scaling.IDENTITY, s -> Reading.absent("x")));
    FeatureSchema other = new FeatureSchema("v1", changed);
    assertThat(other.fingerprint()).isNotEqualTo(schema.fingerprint());

    assertThatThrownBy(
            () -> schema.requireCompatible("v1", other.fingerprint(), "model artifact cluster-a"))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("model artifact cluster-a")
        .hasMessageContaining(schema.fingerprint());
    schema.requireCompatible("v1", schema.fingerprint(), "ok");
  }

  @Test
  void refusesDuplicateFeatureNamesAndBadNames() {
    Feature f = new Feature("a", "u", Scaling.IDENTITY, s -> Reading.absent("x"));
    assertThatThrownBy(() -> new FeatureSchema("v9", List.of(f, f)))
        .hasMessageContaining("names feature 'a' twice");
    assertThatThrownBy(() -> new Feature("Bad Name", "u", Scaling.IDENTITY, s -> null))
        .hasMessageContaining("'Bad Name'");
  }

  @Test
  void log1pScalingRoundTrips() {
    for (double x : new double[] {0, 1, 50_000, 1e9, -3}) {
      assertThat(Scaling.LOG1P.invert(Scaling.LOG1P.apply(x)))
          .isCloseTo(x, within(1e-6 * (1 + Math.abs(x))));
    }
  }
}
