package io.tuneloop.operator.crd;

/**
 * CEL rules on an allowed knob, as CRD {@code x-kubernetes-validations}. Annotation values must be
 * compile-time constants, so the catalog's names and ranges are written out here; {@code
 * KnobRulesTest} fails when they drift from {@code KnobCatalog}. The operator checks the same
 * things again against the catalog itself ({@code SpecValidator}).
 */
public final class KnobRules {
  private KnobRules() {}

  /** Same fragments as {@code DurabilityDenylist}, matched case-insensitively anywhere. */
  public static final String DENIED_PATTERN =
      "ensemble|quorum|journalsyncdata|journalwritedata|fsync|rack|replicat|auth|superuser"
          + "|proxyroles|tls|sasl|token|encrypt|password|secret|keystore|truststore";

  public static final String NOT_DENIED =
      "!self.name.lowerAscii().matches('" + DENIED_PATTERN + "')";

  public static final String NOT_DENIED_MESSAGE =
      "durability, replication and security settings are never tuned";

  /** Catalog knob ranges, {@code name: [min, max]}. */
  public static final String CATALOG_RANGES =
      "{"
          + "'journalMaxGroupWaitMSec': [0.0, 50.0], "
          + "'journalBufferedWritesThreshold': [65536.0, 16777216.0], "
          + "'journalFlushWhenQueueEmpty': [0.0, 1.0], "
          + "'flushInterval': [1000.0, 300000.0], "
          + "'dbStorage_writeCacheMaxSizeMb': [16.0, 8192.0], "
          + "'dbStorage_readAheadCacheMaxSizeMb': [16.0, 8192.0], "
          + "'managedLedgerCacheSizeMB': [16.0, 16384.0], "
          + "'managedLedgerCacheEvictionTimeThresholdMillis': [100.0, 60000.0], "
          + "'dispatcherMaxReadBatchSize': [10.0, 2000.0], "
          + "'dispatcherMaxReadSizeBytes': [1048576.0, 67108864.0], "
          + "'dispatcherMaxRoundRobinBatchSize': [1.0, 500.0]"
          + "}";

  public static final String KNOWN = "self.name in " + CATALOG_RANGES;

  public static final String KNOWN_MESSAGE = "not a knob in Tuneloop's catalog (knobs-v1)";

  public static final String IN_CATALOG_RANGE =
      "!(self.name in "
          + CATALOG_RANGES
          + ") || (self.min >= "
          + CATALOG_RANGES
          + "[self.name][0] && self.max <= "
          + CATALOG_RANGES
          + "[self.name][1])";

  public static final String IN_CATALOG_RANGE_MESSAGE = "range is wider than the catalog's";
}
