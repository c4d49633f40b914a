package io.tuneloop.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PulsarClusterTwinTest {
  private static final TwinParameters P = TwinParameters.calibrated();

  private static WorkloadTrace flat(double rate, double hours) {
    return flat(rate, 1024, hours);
  }

  private static WorkloadTrace flat(double rate, double bytes, double hours) {
    return new WorkloadTrace(
        "flat", List.of(new WorkloadPoint(0, rate, bytes, 400, 800, 800)), hours * 3600);
  }

  private static PulsarClusterTwin twin(WorkloadTrace t, long seed) {
    return new PulsarClusterTwin(P, t, 3, 4, TwinSettings.defaults(), 60, seed);
  }

  private static List<WindowRecord> run(PulsarClusterTwin twin, int windows) {
    List<WindowRecord> out = new ArrayList<>();
    for (int i = 0; i < windows && !twin.finished(); i++) {
      out.add(twin.step());
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameWindowsAndAnotherSeedDoesNot() throws Exception {
    WorkloadTrace t = BuiltinTraces.get("roller-coaster", 1);
    PulsarClusterTwin a = twin(t, 42);
    PulsarClusterTwin b = twin(t, 42);
    PulsarClusterTwin c = twin(t, 43);
    List<WindowRecord> ra = run(a, 30);
    a.apply(new Action.ScaleBrokers(3, 5));
    ra.addAll(run(a, 30));
    List<WindowRecord> rb = run(b, 30);
    b.apply(new Action.ScaleBrokers(3, 5));
    rb.addAll(run(b, 30));
    assertThat(ra).isEqualTo(rb);
    assertThat(FeatureSchema.v1().vectorize(a.observe()).values())
        .containsExactly(FeatureSchema.v1().vectorize(b.observe()).values());
    assertThat(run(c, 60)).isNotEqualTo(ra);
  }

  @Test
  void observingBeforeTheFirstWindowFails() {
    assertThatThrownBy(() -> twin(flat(1000, 1), 1).observe())
        .isInstanceOf(TelemetryException.class)
        .hasMessageContaining("no window has completed");
  }

  @Test
  void snapshotsLookLikeRealTelemetry() throws Exception {
    PulsarClusterTwin twin = twin(BuiltinTraces.get("diurnal", 1), 1);
    twin.step();
    ClusterSnapshot s = twin.observe();
    assertThat(s.brokers()).hasSize(3);
    assertThat(s.bookies()).hasSize(4);
    assertThat(s.completeness()).isEqualTo(1.0);
    assertThat(s.settings().brokers()).isEqualTo(3);
    assertThat(s.settings().value("journalMaxGroupWaitMSec")).contains("1");
    assertThat(s.messageSizes().total()).isPositive();
    assertThat(s.window().getSeconds()).isEqualTo(60);
    FeatureVector v = FeatureSchema.v1().vectorize(s);
    assertThat(v.missingReasons()).isEmpty();
  }

  @Test
  void aNewBrokerServesOnlyAfterItsStartUpDelay() {
    PulsarClusterTwin twin = twin(flat(50_000, 1), 1);
    twin.step();
    ApplyOutcome o = twin.apply(new Action.ScaleBrokers(3, 4));
    assertThat(o.status()).isEqualTo(ApplyOutcome.Status.STARTED);
    assertThat(o.settleAfter().getSeconds()).isEqualTo((long) P.brokerReadySeconds());
    WindowRecord w1 = twin.step();
    assertThat(w1.brokersDesired()).isEqualTo(4);
    assertThat(w1.brokersReady()).isEqualTo(3);
    assertThat(w1.podsPaid()).isEqualTo(8);
    run(twin, 2);
    assertThat(twin.lastWindow().brokersReady()).isEqualTo(4);
    assertThat(twin.disruptiveChanges()).isEqualTo(1);
    // Asking for what is already under way does not act twice.
    twin.apply(new Action.ScaleBrokers(3, 4));
    assertThat(twin.disruptiveChanges()).isEqualTo(1);
  }

  @Test
  void aBookieDecommissionTakesTimeAndIsPaidForUntilDone() {
    PulsarClusterTwin twin = twin(flat(60_000, 2), 1);
    run(twin, 20);
    ApplyOutcome o = twin.apply(new Action.ScaleBookies(4, 3));
    assertThat(o.detail()).contains("decommissioning");
    assertThat(o.settleAfter().getSeconds()).isGreaterThan(60);
    WindowRecord during = twin.step();
    assertThat(during.bookiesDesired()).isEqualTo(3);
    assertThat(during.bookiesInService()).isEqualTo(3.0);
    assertThat(during.podsPaid()).isEqualTo(3 + 4);
    assertThat(twin.decommissionInProgress()).isTrue();
    // A rolling restart waits until ledgers are fully replicated again.
    ApplyOutcome refused =
        twin.apply(new Action.ChangeSetting(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, 1, 5));
    assertThat(refused.status()).isEqualTo(ApplyOutcome.Status.REFUSED);
    int windows = 1;
    while (twin.decommissionInProgress()) {
      twin.step();
      windows++;
    }
    assertThat(windows * 60.0).isGreaterThanOrEqualTo(o.settleAfter().getSeconds());
    assertThat(twin.step().podsPaid()).isEqualTo(6);
  }

  @Test
  void aRollingRestartTakesOneBookieAtATimeAndAppliesAtTheEnd() {
    PulsarClusterTwin twin = twin(flat(20_000, 1), 1);
    twin.step();
    ApplyOutcome o =
        twin.apply(new Action.ChangeSetting(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, 1, 5));
    assertThat(o.status()).isEqualTo(ApplyOutcome.Status.STARTED);
    assertThat(o.settleAfter().getSeconds()).isEqualTo((long) (4 * P.bookieRestartSeconds()));
    assertThat(
            twin.apply(
                    new Action.ChangeSetting(
                        KnobCatalog.JOURNAL_BUFFERED_WRITES_THRESHOLD, 524288, 1 << 20))
                .status())
        .isEqualTo(ApplyOutcome.Status.REFUSED);
    for (int i = 0; i < 4; i++) {
      WindowRecord w = twin.step();
      assertThat(w.bookiesInService()).isEqualTo(3.0);
      assertThat(w.groupWaitMs()).isEqualTo(1.0);
    }
    WindowRecord after = twin.step();
    assertThat(after.bookiesInService()).isEqualTo(4.0);
    assertThat(after.groupWaitMs()).isEqualTo(5.0);
  }

  @Test
  void aDynamicSettingIsInForceAtOnce() {
    PulsarClusterTwin twin = twin(flat(20_000, 1), 1);
    twin.step();
    ApplyOutcome o =
        twin.apply(new Action.ChangeSetting(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB, 205, 1024));
    assertThat(o.status()).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(twin.step().mlCacheMb()).isEqualTo(1024);
    assertThat(twin.disruptiveChanges()).isZero();
  }

  @Test
  void overloadBuildsABacklogThenLosesMessages() {
    PulsarClusterTwin twin = twin(flat(600_000, 1), 1);
    List<WindowRecord> w = run(twin, 10);
    assertThat(w.get(0).servedMsgRate()).isLessThan(w.get(0).offeredMsgRate());
    assertThat(w.get(0).p99Ms()).isGreaterThan(1000);
    assertThat(w.get(9).lostMessages()).isPositive();
  }

  private static double journalAddP99(ClusterSnapshot s) {
    return s.bookies(BookieMetric.JOURNAL_ADD_LATENCY_P99, Aggregation.MAX).value();
  }

  private static double publishP99(ClusterSnapshot s) {
    return s.brokers(BrokerMetric.PUBLISH_LATENCY_P99, Aggregation.MAX).value();
  }

  @Test
  void theBookiesJournalLatencyShowsWhichTierIsSaturated() throws Exception {
    // Journal-bound: plenty of brokers, three bookies taking every write.
    PulsarClusterTwin journalBound =
        new PulsarClusterTwin(P, flat(130_000, 2200, 1), 8, 3, TwinSettings.defaults(), 60, 1);
    run(journalBound, 3);
    ClusterSnapshot j = journalBound.observe();
    assertThat(journalBound.lastWindow().bindingResource()).isEqualTo("journal");
    assertThat(publishP99(j)).isGreaterThan(1000);
    assertThat(journalAddP99(j)).isGreaterThan(50);

    // Broker-bound: one broker at its CPU limit in front of bookies with room to spare.
    PulsarClusterTwin brokerBound =
        new PulsarClusterTwin(P, flat(100_000, 1), 1, 6, TwinSettings.defaults(), 60, 1);
    run(brokerBound, 3);
    ClusterSnapshot b = brokerBound.observe();
    assertThat(brokerBound.lastWindow().bindingResource()).isEqualTo("broker-cpu");
    assertThat(publishP99(b)).isGreaterThan(1000);
    assertThat(journalAddP99(b)).isLessThan(50);
  }
}
