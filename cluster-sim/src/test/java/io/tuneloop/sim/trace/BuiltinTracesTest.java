package io.tuneloop.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltinTracesTest {

  @Test
  void everyTraceIsDeterministicPerSeed() {
    for (String name : BuiltinTraces.names()) {
      assertThat(BuiltinTraces.get(name, 7)).as(name).isEqualTo(BuiltinTraces.get(name, 7));
      assertThat(BuiltinTraces.get(name, 7).points())
          .as(name)
          .isNotEqualTo(BuiltinTraces.get(name, 8).points());
    }
  }

  @Test
  void theIssuesFiveShapesAreThere() {
    assertThat(BuiltinTraces.names())
        .containsExactly("diurnal", "roller-coaster", "step", "large-message", "flash-crowd");
    assertThatThrownBy(() -> BuiltinTraces.get("sawtooth", 1))
        .hasMessageContaining("no built-in trace 'sawtooth'")
        .hasMessageContaining("diurnal");
  }

  @Test
  void flashCrowdReachesTenTimesItsBaseForMinutesWithVaryingIntervals() {
    WorkloadTrace t = BuiltinTraces.get("flash-crowd", 1);
    List<WorkloadPoint> p = t.points();
    double base = p.get(0).msgRate();
    assertThat(t.peakMsgRate()).isGreaterThan(8 * base);
    double median = p.stream().mapToDouble(WorkloadPoint::msgRate).sorted().toArray()[p.size() / 2];
    double crowdSeconds = 0;
    Set<Double> intervals = new HashSet<>();
    for (int i = 0; i + 1 < p.size(); i++) {
      double dt = p.get(i + 1).tSeconds() - p.get(i).tSeconds();
      intervals.add(dt);
      if (p.get(i).msgRate() > 5 * median) {
        crowdSeconds += dt;
      }
    }
    assertThat(intervals).contains(15.0, 60.0);
    // Three crowds of 3 to 8 minutes each.
    assertThat(crowdSeconds).isBetween(3 * 150.0, 3 * 8 * 60.0);
  }

  @Test
  void largeMessageKeepsAbout50kMsgPerSecondWithMultiKilobyteMeansInBursts() {
    WorkloadTrace t = BuiltinTraces.get("large-message", 1);
    double meanRate =
        t.points().stream().mapToDouble(WorkloadPoint::msgRate).average().orElseThrow();
    assertThat(meanRate).isBetween(45_000.0, 55_000.0);
    double maxMean =
        t.points().stream().mapToDouble(WorkloadPoint::avgMsgBytes).max().orElseThrow();
    // 0.3% of 2-6 MiB messages lift the mean above 6 KiB.
    assertThat(maxMean).isGreaterThan(6_000);
    long burstRows = t.points().stream().filter(x -> x.avgMsgBytes() > 4_000).count();
    assertThat(burstRows).isBetween(20L, 600L);
  }

  @Test
  void rollerCoasterJumpsSharply() {
    WorkloadTrace t = BuiltinTraces.get("roller-coaster", 1);
    int sharp = 0;
    for (int i = 1; i < t.points().size(); i++) {
      double a = t.points().get(i - 1).msgRate();
      double b = t.points().get(i).msgRate();
      if (b > 2 * a || b < a / 2) {
        sharp++;
      }
    }
    assertThat(sharp).isGreaterThan(20);
  }

  @Test
  void stepChangesLevelOnceUpAndOnceDown() {
    WorkloadTrace t = BuiltinTraces.get("step", 1);
    assertThat(t.at(3600).msgRate()).isLessThan(30_000);
    assertThat(t.at(5 * 3600).msgRate()).isGreaterThan(80_000);
    assertThat(t.at(10 * 3600).msgRate()).isLessThan(30_000);
  }
}
