package io.tuneloop.tuning.knobs;

import static io.tuneloop.tuning.knobs.ApplyMethod.DYNAMIC;
import static io.tuneloop.tuning.knobs.ApplyMethod.ROLLING_RESTART_BOOKIES;
import static io.tuneloop.tuning.knobs.ApplyMethod.SCALE;
import static io.tuneloop.tuning.knobs.KnobType.BOOLEAN;
import static io.tuneloop.tuning.knobs.KnobType.INTEGER;
import static io.tuneloop.tuning.knobs.ModelScale.LINEAR;
import static io.tuneloop.tuning.knobs.ModelScale.LOG;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every knob Tuneloop may turn (DESIGN.md section 3), in a fixed order. The order is part of the
 * model's input layout, so it only ever grows at the end, together with a new catalog version.
 *
 * <p>Ranges are the widest Tuneloop will ever set; a BrokerCluster narrows them. Defaults are what
 * Pulsar 4.0 ships in {@code conf/broker.conf} and {@code conf/bookkeeper.conf} (replicas: the
 * Apache Pulsar Helm chart).
 */
public final class KnobCatalog {

  /** Version of the catalog's layout; stored in model artifacts next to the feature schema. */
  public static final String VERSION = "knobs-v1";

  private static final double MIB = 1 << 20;

  public static final Knob BROKERS =
      new Knob(
          "brokers",
          KnobLocation.BROKER_REPLICAS,
          SCALE,
          INTEGER,
          1,
          200,
          3,
          "Apache Pulsar Helm chart broker.replicaCount",
          0.25,
          LOG,
          "Broker StatefulSet replicas; topic bundles move when it changes.");

  public static final Knob BOOKIES =
      new Knob(
          "bookies",
          KnobLocation.BOOKIE_REPLICAS,
          SCALE,
          INTEGER,
          1,
          200,
          4,
          "Apache Pulsar Helm chart bookkeeper.replicaCount",
          1.0,
          LOG,
          "Bookie StatefulSet replicas; scale-down only by safe decommission (re-replication).");

  public static final Knob JOURNAL_MAX_GROUP_WAIT_MSEC =
      new Knob(
          "journalMaxGroupWaitMSec",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          INTEGER,
          0,
          50,
          1,
          "conf/bookkeeper.conf",
          0.5,
          LOG,
          "Longest a journal group commit waits for more entries before the fsync.");

  public static final Knob JOURNAL_BUFFERED_WRITES_THRESHOLD =
      new Knob(
          "journalBufferedWritesThreshold",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          INTEGER,
          64 * 1024,
          16 * MIB,
          512 * 1024,
          "conf/bookkeeper.conf",
          0.5,
          LOG,
          "Bytes buffered in a journal group commit before it is flushed regardless of the wait.");

  public static final Knob JOURNAL_FLUSH_WHEN_QUEUE_EMPTY =
      new Knob(
          "journalFlushWhenQueueEmpty",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          BOOLEAN,
          0,
          1,
          0,
          "conf/bookkeeper.conf",
          0.5,
          LINEAR,
          "Flush the journal as soon as its queue is empty instead of waiting for the group.");

  public static final Knob FLUSH_INTERVAL =
      new Knob(
          "flushInterval",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          INTEGER,
          1_000,
          300_000,
          60_000,
          "conf/bookkeeper.conf",
          0.5,
          LOG,
          "Milliseconds between ledger storage flushes (checkpoints).");

  public static final Knob DB_STORAGE_WRITE_CACHE_MAX_SIZE_MB =
      new Knob(
          "dbStorage_writeCacheMaxSizeMb",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          INTEGER,
          16,
          8_192,
          256,
          "unset in conf/bookkeeper.conf means 25% of the bookie's direct memory; 256 assumes 1 GiB",
          0.5,
          LOG,
          "DbLedgerStorage write cache size; must fit the bookie's direct memory.");

  public static final Knob DB_STORAGE_READ_AHEAD_CACHE_MAX_SIZE_MB =
      new Knob(
          "dbStorage_readAheadCacheMaxSizeMb",
          KnobLocation.BOOKKEEPER_CONF,
          ROLLING_RESTART_BOOKIES,
          INTEGER,
          16,
          8_192,
          256,
          "unset in conf/bookkeeper.conf means 25% of the bookie's direct memory; 256 assumes 1 GiB",
          0.5,
          LOG,
          "DbLedgerStorage read-ahead cache size for catch-up reads.");

  public static final Knob MANAGED_LEDGER_CACHE_SIZE_MB =
      new Knob(
          "managedLedgerCacheSizeMB",
          KnobLocation.BROKER_DYNAMIC_CONFIG,
          DYNAMIC,
          INTEGER,
          16,
          16_384,
          205,
          "unset in conf/broker.conf means 20% of the broker's direct memory; 205 assumes 1 GiB",
          0.02,
          LOG,
          "Broker entry cache for tailing reads.");

  public static final Knob MANAGED_LEDGER_CACHE_EVICTION_TIME_THRESHOLD_MILLIS =
      new Knob(
          "managedLedgerCacheEvictionTimeThresholdMillis",
          KnobLocation.BROKER_DYNAMIC_CONFIG,
          DYNAMIC,
          INTEGER,
          100,
          60_000,
          1_000,
          "conf/broker.conf",
          0.02,
          LOG,
          "Age after which cached entries are evicted.");

  public static final Knob DISPATCHER_MAX_READ_BATCH_SIZE =
      new Knob(
          "dispatcherMaxReadBatchSize",
          KnobLocation.BROKER_DYNAMIC_CONFIG,
          DYNAMIC,
          INTEGER,
          10,
          2_000,
          100,
          "conf/broker.conf",
          0.02,
          LOG,
          "Most entries a dispatcher reads from BookKeeper in one go.");

  public static final Knob DISPATCHER_MAX_READ_SIZE_BYTES =
      new Knob(
          "dispatcherMaxReadSizeBytes",
          KnobLocation.BROKER_DYNAMIC_CONFIG,
          DYNAMIC,
          INTEGER,
          MIB,
          64 * MIB,
          5 * MIB,
          "conf/broker.conf",
          0.02,
          LOG,
          "Most bytes a dispatcher reads from BookKeeper in one go.");

  public static final Knob DISPATCHER_MAX_ROUND_ROBIN_BATCH_SIZE =
      new Knob(
          "dispatcherMaxRoundRobinBatchSize",
          KnobLocation.BROKER_DYNAMIC_CONFIG,
          DYNAMIC,
          INTEGER,
          1,
          500,
          20,
          "conf/broker.conf",
          0.02,
          LOG,
          "Most messages sent to one shared-subscription consumer before moving to the next.");

  private static final KnobCatalog STANDARD =
      new KnobCatalog(
          List.of(
              BROKERS,
              BOOKIES,
              JOURNAL_MAX_GROUP_WAIT_MSEC,
              JOURNAL_BUFFERED_WRITES_THRESHOLD,
              JOURNAL_FLUSH_WHEN_QUEUE_EMPTY,
              FLUSH_INTERVAL,
              DB_STORAGE_WRITE_CACHE_MAX_SIZE_MB,
              DB_STORAGE_READ_AHEAD_CACHE_MAX_SIZE_MB,
              MANAGED_LEDGER_CACHE_SIZE_MB,
              MANAGED_LEDGER_CACHE_EVICTION_TIME_THRESHOLD_MILLIS,
              DISPATCHER_MAX_READ_BATCH_SIZE,
              DISPATCHER_MAX_READ_SIZE_BYTES,
              DISPATCHER_MAX_ROUND_ROBIN_BATCH_SIZE));

  private final List<Knob> knobs;
  private final Map<String, Knob> byName;

  private KnobCatalog(List<Knob> knobs) {
    this.knobs = List.copyOf(knobs);
    Map<String, Knob> m = new LinkedHashMap<>();
    for (Knob k : this.knobs) {
      if (m.put(k.name(), k) != null) {
        throw new IllegalArgumentException("catalog names knob '" + k.name() + "' twice");
      }
    }
    this.byName = Map.copyOf(m);
  }

  /** The catalog this release tunes. */
  public static KnobCatalog standard() {
    return STANDARD;
  }

  /** All knobs, replicas first, in the model's input order. */
  public List<Knob> all() {
    return knobs;
  }

  /** The knobs that are settings (not replicas). */
  public List<Knob> settings() {
    return knobs.stream().filter(k -> !k.isReplicas()).toList();
  }

  public int size() {
    return knobs.size();
  }

  public Optional<Knob> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The knob named {@code name}.
   *
   * @throws DeniedKnobException when the name is on the durability denylist
   * @throws IllegalArgumentException when the catalog has no such knob
   */
  public Knob get(String name) {
    DurabilityDenylist.requireAllowed(name);
    Knob k = byName.get(name);
    if (k == null) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a tunable knob; expected one of " + byName.keySet());
    }
    return k;
  }

  public boolean contains(Knob knob) {
    return knob != null && knob.equals(byName.get(knob.name()));
  }

  public int indexOf(Knob knob) {
    int i = knobs.indexOf(knob);
    if (i < 0) {
      throw new IllegalArgumentException(knob.name() + " is not in catalog " + VERSION);
    }
    return i;
  }
}
