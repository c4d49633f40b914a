package io.tuneloop.tuning.knobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnobCatalogTest {
  private final KnobCatalog catalog = KnobCatalog.standard();

  @Test
  void holdsEveryKnobOfTheDesignWithItsApplyMethod() {
    assertThat(catalog.all())
        .extracting(Knob::name)
        .containsExactly(
            "brokers",
            "bookies",
            "journalMaxGroupWaitMSec",
            "journalBufferedWritesThreshold",
            "journalFlushWhenQueueEmpty",
            "flushInterval",
            "dbStorage_writeCacheMaxSizeMb",
            "dbStorage_readAheadCacheMaxSizeMb",
            "managedLedgerCacheSizeMB",
            "managedLedgerCacheEvictionTimeThresholdMillis",
            "dispatcherMaxReadBatchSize",
            "dispatcherMaxReadSizeBytes",
            "dispatcherMaxRoundRobinBatchSize");
    assertThat(catalog.get("journalMaxGroupWaitMSec").applyMethod())
        .isEqualTo(ApplyMethod.ROLLING_RESTART_BOOKIES);
    assertThat(catalog.get("dispatcherMaxReadBatchSize").applyMethod())
        .isEqualTo(ApplyMethod.DYNAMIC);
    assertThat(catalog.get("brokers").applyMethod()).isEqualTo(ApplyMethod.SCALE);
    for (Knob k : catalog.all()) {
      assertThat(k.allows(k.pulsarDefault())).as(k.name() + " default in range").isTrue();
      assertThat(k.encode(k.min())).isEqualTo(0.0);
      assertThat(k.encode(k.max())).isEqualTo(1.0);
    }
  }

  @Test
  void refusesDenylistedAndUnknownNamesWithTheReason() {
    assertThatThrownBy(() -> catalog.get("managedLedgerDefaultAckQuorum"))
        .isInstanceOf(DeniedKnobException.class)
        .hasMessageContaining("managedLedgerDefaultAckQuorum")
        .hasMessageContaining("quorum");
    assertThatThrownBy(() -> catalog.get("PULSAR_PREFIX_journalSyncData"))
        .isInstanceOf(DeniedKnobException.class)
        .hasMessageContaining("fsync");
    assertThatThrownBy(() -> catalog.get("brokerDeleteInactiveTopicsEnabled"))
        .isNotInstanceOf(DeniedKnobException.class)
        .hasMessageContaining("is not a tunable knob");
  }

  @Test
  void aKnobCannotBeDeclaredOnADenylistedKey() {
    assertThatThrownBy(
            () ->
                new Knob(
                    "managedLedgerDefaultEnsembleSize",
                    KnobLocation.BROKER_CONF,
                    ApplyMethod.ROLLING_RESTART_BROKERS,
                    KnobType.INTEGER,
                    1,
                    5,
                    2,
                    "conf/broker.conf",
                    1,
                    ModelScale.LINEAR,
                    "would weaken durability"))
        .isInstanceOf(DeniedKnobException.class)
        .hasMessageContaining("ensemble");
  }

  @Test
  void readsReportedValuesAndFallsBackToPulsarDefaults() {
    ClusterSettings s =
        new ClusterSettings(
            5, 4, Map.of("journalMaxGroupWaitMSec", " 7 ", "managedLedgerCacheSizeMB", ""));
    assertThat(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.current(s)).isEqualTo(7.0);
    assertThat(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB.current(s)).isEqualTo(205.0);
    assertThat(KnobCatalog.BROKERS.current(s)).isEqualTo(5.0);
    assertThat(KnobCatalog.JOURNAL_FLUSH_WHEN_QUEUE_EMPTY.current(s)).isEqualTo(0.0);
    ClusterSettings bad = s.with("flushInterval", "soon");
    assertThatThrownBy(() -> KnobCatalog.FLUSH_INTERVAL.current(bad))
        .hasMessageContaining("flushInterval=soon")
        .hasMessageContaining("not a whole number");
  }

  @Test
  void rangeErrorsNameKnobValueAndRange() {
    assertThatThrownBy(() -> KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.requireAllowed(-3))
        .hasMessage("journalMaxGroupWaitMSec=-3 is outside [0, 50]");
  }
}
