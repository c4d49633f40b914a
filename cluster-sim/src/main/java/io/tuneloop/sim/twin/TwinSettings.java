package io.tuneloop.sim.twin;

import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of every non-replica knob of the {@link KnobCatalog}, as the twin applies them. A
 * value outside the catalog range is refused with the knob's own message.
 */
public record TwinSettings(Map<String, Double> values) {

  public TwinSettings {
    TreeMap<String, Double> complete = new TreeMap<>();
    for (Knob k : KnobCatalog.standard().settings()) {
      Double v = values.get(k.name());
      complete.put(k.name(), k.requireAllowed(v == null ? k.pulsarDefault() : v));
    }
    for (String name : values.keySet()) {
      KnobCatalog.standard().get(name);
    }
    values = Map.copyOf(complete);
  }

  /** Pulsar's defaults for every setting (the Helm chart keeps them). */
  public static TwinSettings defaults() {
    return new TwinSettings(Map.of());
  }

  public double get(Knob knob) {
    Double v = values.get(knob.name());
    if (v == null) {
      throw new IllegalArgumentException(knob.name() + " is not a setting the twin models");
    }
    return v;
  }

  public TwinSettings with(Knob knob, double value) {
    TreeMap<String, Double> copy = new TreeMap<>(values);
    copy.put(knob.name(), knob.requireAllowed(value));
    return new TwinSettings(copy);
  }

  double groupWaitMs() {
    return get(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC);
  }

  double bufferedWritesBytes() {
    return get(KnobCatalog.JOURNAL_BUFFERED_WRITES_THRESHOLD);
  }

  boolean flushWhenQueueEmpty() {
    return get(KnobCatalog.JOURNAL_FLUSH_WHEN_QUEUE_EMPTY) > 0.5;
  }

  double flushIntervalMs() {
    return get(KnobCatalog.FLUSH_INTERVAL);
  }

  double writeCacheBytes() {
    return get(KnobCatalog.DB_STORAGE_WRITE_CACHE_MAX_SIZE_MB) * (1 << 20);
  }

  double readAheadCacheBytes() {
    return get(KnobCatalog.DB_STORAGE_READ_AHEAD_CACHE_MAX_SIZE_MB) * (1 << 20);
  }

  double mlCacheBytes() {
    return get(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB) * (1 << 20);
  }

  double mlCacheEvictionMs() {
    return get(KnobCatalog.MANAGED_LEDGER_CACHE_EVICTION_TIME_THRESHOLD_MILLIS);
  }

  double dispatcherReadBatch() {
    return get(KnobCatalog.DISPATCHER_MAX_READ_BATCH_SIZE);
  }

  double dispatcherReadBytes() {
    return get(KnobCatalog.DISPATCHER_MAX_READ_SIZE_BYTES);
  }
}
