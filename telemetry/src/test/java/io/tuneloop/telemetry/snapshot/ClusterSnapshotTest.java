package io.tuneloop.telemetry.snapshot;

import static io.tuneloop.telemetry.snapshot.SnapshotFixtures.END;
import static io.tuneloop.telemetry.snapshot.SnapshotFixtures.broker;
import static io.tuneloop.telemetry.snapshot.SnapshotFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

  @Test
  void aggregatesOnlyPresentReadingsAndSaysHowMany() {
    NodeSnapshot<BrokerMetric> silent = NodeSnapshot.broker("broker-2", Map.of());
    ClusterSnapshot s =
        cluster(List.of(broker("broker-0", 100, 0.2), broker("broker-1", 300, 0.6), silent));

    Reading sum = s.brokers(BrokerMetric.MSG_RATE_IN, Aggregation.SUM);
    assertThat(sum.value()).isEqualTo(400);
    assertThat(sum.source()).isEqualTo("sum of 2/3 nodes");
    assertThat(s.brokers(BrokerMetric.CPU_UTILISATION, Aggregation.MAX).value()).isEqualTo(0.6);
    assertThat(s.brokers(BrokerMetric.CPU_UTILISATION, Aggregation.MEAN).value()).isEqualTo(0.4);
    assertThat(s.brokers(BrokerMetric.BACKLOG, Aggregation.SUM).isPresent()).isFalse();
    assertThat(s.brokers(BrokerMetric.BACKLOG, Aggregation.SUM).absentReason()).contains("backlog");
  }

  @Test
  void completenessCountsMissingReadingsAndAnEmptyClusterIsEmpty() {
    ClusterSnapshot s = cluster(List.of(broker("broker-0", 100, 0.2)));
    assertThat(s.completeness())
        .isEqualTo(6.0 / BrokerMetric.values().length, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(cluster(List.of()).completeness()).isZero();
  }

  @Test
  void oldestReadingAgeIsTheStalestPresentValue() {
    ClusterSnapshot s = cluster(List.of(broker("broker-0", 100, 0.2)));
    assertThat(s.oldestReadingAge(END.plusSeconds(10))).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void refusesAWindowThatEndsBeforeItStarts() {
    assertThatThrownBy(
            () ->
                new ClusterSnapshot(
                    "c",
                    END,
                    END.minusSeconds(1),
                    List.of(),
                    List.of(),
                    MessageSizeDistribution.unknown("none"),
                    new ClusterSettings(1, 1, Map.of()),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it starts");
  }

  @Test
  void absentReadingsRefuseToBeReadAsNumbers() {
    Reading absent = Reading.absent("scrape of bookie-1 timed out");
    assertThatThrownBy(absent::value).hasMessageContaining("bookie-1 timed out");
    assertThat(absent.valueOr(-1)).isEqualTo(-1);
    assertThatThrownBy(() -> Reading.of(Double.NaN, END, "promql"))
        .hasMessageContaining("non-finite");
  }

  @Test
  void messageSizeQuantilesUseBucketBounds() {
    MessageSizeDistribution d =
        new MessageSizeDistribution(
            new double[] {128, 1024, 1 << 20, Double.POSITIVE_INFINITY},
            new long[] {10, 80, 5, 5},
            Reading.of(900, END, "test"));
    assertThat(d.quantileUpperBound(0.5, END, "t").value()).isEqualTo(1024);
    // The overflow bucket reports its lower bound: the most we can claim.
    assertThat(d.quantileUpperBound(0.99, END, "t").value()).isEqualTo(1 << 20);
    assertThat(d.fractionAbove(1 << 20, END, "t").value()).isEqualTo(0.05);
    assertThatThrownBy(
            () ->
                new MessageSizeDistribution(
                    new double[] {10, 5}, new long[] {1, 1}, Reading.absent("x")))
        .hasMessageContaining("must increase");
  }
}
