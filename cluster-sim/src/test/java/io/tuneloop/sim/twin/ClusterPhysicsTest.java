package io.tuneloop.sim.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.tuning.knobs.KnobCatalog;
import org.junit.jupiter.api.Test;

/** The monotonic behaviours issue 4 asks of the twin, on the checked-in parameters. */
class ClusterPhysicsTest {
  private final ClusterPhysics physics = new ClusterPhysics(TwinParameters.calibrated());
  private final TwinSettings defaults = TwinSettings.defaults();

  private static WorkloadPoint load(double rate, double bytes) {
    return new WorkloadPoint(0, rate, bytes, 400, 800, 800);
  }

  private TwinSettings groupWait(double ms) {
    return defaults.with(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, ms);
  }

  @Test
  void moreLoadGivesHigherLatency() {
    for (double w : new double[] {0, 1, 5}) {
      double prev99 = 0;
      for (double rate = 1_000; rate <= 240_000; rate *= 1.5) {
        SteadyState s = physics.evaluate(load(rate, 1024), 3, 4, groupWait(w), 0);
        assertThat(s.p99Ms()).as("p99 at %s msg/s, w=%s", rate, w).isGreaterThanOrEqualTo(prev99);
        prev99 = s.p99Ms();
      }
    }
    // p50 too, except that with a group wait a very light load waits the whole wait alone, and a
    // little more load shares it (the batch closes sooner on average), as BookKeeper does.
    double prev50 = 0;
    for (double rate = 1_000; rate <= 240_000; rate *= 1.5) {
      double p50 = physics.evaluate(load(rate, 1024), 3, 4, groupWait(0), 0).p50Ms();
      assertThat(p50).as("p50 at %s msg/s, w=0", rate).isGreaterThanOrEqualTo(prev50);
      prev50 = p50;
    }
    prev50 = 0;
    for (double rate = 20_000; rate <= 240_000; rate *= 1.5) {
      double p50 = physics.evaluate(load(rate, 1024), 3, 4, defaults, 0).p50Ms();
      assertThat(p50).as("p50 at %s msg/s, w=1", rate).isGreaterThanOrEqualTo(prev50);
      prev50 = p50;
    }
    SteadyState light = physics.evaluate(load(5_000, 1024), 3, 4, defaults, 0);
    SteadyState heavy = physics.evaluate(load(190_000, 1024), 3, 4, defaults, 0);
    assertThat(heavy.p99Ms()).isGreaterThan(2 * light.p99Ms());
  }

  @Test
  void moreBrokersGiveLowerCpuPerBroker() {
    double prev = Double.POSITIVE_INFINITY;
    for (int brokers = 1; brokers <= 12; brokers++) {
      SteadyState s = physics.evaluate(load(60_000, 1024), brokers, 4, defaults, 0);
      assertThat(s.brokerCpu()).as("cpu with %s brokers", brokers).isLessThan(prev);
      prev = s.brokerCpu();
    }
  }

  @Test
  void aLongerGroupWaitRaisesP50AtLightLoad() {
    double prev = 0;
    for (double w : new double[] {0, 1, 2, 5, 10, 20}) {
      double p50 = physics.evaluate(load(1_000, 1024), 3, 4, groupWait(w), 0).p50Ms();
      assertThat(p50).as("p50 at journalMaxGroupWaitMSec=%s", w).isGreaterThan(prev);
      prev = p50;
    }
    // The shape measured on this kind of machine: about 1.4 ms at 0 and 8 ms at 10.
    double at0 = physics.evaluate(load(1_000, 1024), 1, 1, groupWait(0), 0).p50Ms();
    double at10 = physics.evaluate(load(1_000, 1024), 1, 1, groupWait(10), 0).p50Ms();
    assertThat(at10 - at0).isBetween(4.0, 10.0);
  }

  @Test
  void aLongerGroupWaitRaisesTheThroughputCeiling() {
    // Journal-bound: many brokers, few bookies, 4 KiB entries, so the journal decides the ceiling
    // until another bookie resource (CPU) binds. (With the calibrated per-entry CPU, 1 KiB entries
    // make the bookies CPU-bound first, and the group wait then moves the ceiling by a few %.)
    WorkloadPoint load = load(10_000, 4096);
    double at0 = physics.capacity(load, 20, 3, groupWait(0), 0, 0.97);
    assertThat(
            physics
                .evaluate(ClusterPhysics.withRate(load, at0), 20, 3, groupWait(0), 0)
                .bindingResource())
        .isEqualTo("journal");
    double prev = 0;
    for (double w : new double[] {0, 2, 5, 10, 20}) {
      double cap = physics.capacity(load, 20, 3, groupWait(w), 0, 0.97);
      assertThat(cap).as("ceiling at journalMaxGroupWaitMSec=%s", w).isGreaterThanOrEqualTo(prev);
      prev = cap;
    }
    double at5 = physics.capacity(load, 20, 3, groupWait(5), 0, 0.97);
    assertThat(at5).isGreaterThan(1.1 * at0);
  }

  @Test
  void largeMessagesAreBandwidthBoundAndSmallOnesCpuBound() {
    SteadyState small = physics.evaluate(load(150_000, 100), 3, 4, defaults, 0);
    assertThat(small.bindingResource()).isEqualTo("broker-cpu");
    SteadyState large = physics.evaluate(load(200, 4 << 20), 3, 4, defaults, 0);
    assertThat(large.bindingResource()).isIn("broker-net", "journal", "ledger-disk");
    assertThat(large.brokerCpu()).isLessThan(large.utilisation());
    // At the same byte rate, a few big messages cost far less CPU than many small ones.
    SteadyState sameBytes =
        physics.evaluate(load(200.0 * (4 << 20) / 1024, 1024), 3, 4, defaults, 0);
    assertThat(large.brokerCpu()).isLessThan(sameBytes.brokerCpu() / 3);
    // And their transfer time shows in latency.
    assertThat(large.p50Ms()).isGreaterThan(small.p50Ms());
  }

  @Test
  void moreBookiesLowerTheJournalLoad() {
    double prev = Double.POSITIVE_INFINITY;
    for (int bookies = 3; bookies <= 12; bookies++) {
      SteadyState s = physics.evaluate(load(120_000, 2048), 6, bookies, defaults, 0);
      assertThat(s.journalUtilisation()).isLessThan(prev);
      prev = s.journalUtilisation();
    }
  }

  @Test
  void aBiggerManagedLedgerCacheRaisesTheHitRate() {
    double small =
        physics
            .evaluate(
                load(40_000, 16_384),
                3,
                4,
                defaults.with(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB, 16),
                0)
            .cacheHitRate();
    double big =
        physics
            .evaluate(
                load(40_000, 16_384),
                3,
                4,
                defaults.with(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB, 2048),
                0)
            .cacheHitRate();
    assertThat(big).isGreaterThan(small);
  }
}
