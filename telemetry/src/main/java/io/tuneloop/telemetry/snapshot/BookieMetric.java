package io.tuneloop.telemetry.snapshot;

/** What a snapshot records for each bookie. */
public enum BookieMetric implements MetricKey {
  ADD_ENTRY_RATE("add_entry_rate", "entries/s"),
  WRITE_BYTES_RATE("write_bytes_rate", "bytes/s"),
  READ_ENTRY_RATE("read_entry_rate", "entries/s"),
  JOURNAL_ADD_LATENCY_P50("journal_add_latency_p50", "ms"),
  JOURNAL_ADD_LATENCY_P99("journal_add_latency_p99", "ms"),
  JOURNAL_SYNC_LATENCY_P50("journal_sync_latency_p50", "ms"),
  JOURNAL_SYNC_LATENCY_P99("journal_sync_latency_p99", "ms"),
  JOURNAL_QUEUE_SIZE("journal_queue_size", "entries"),
  JOURNAL_FORCE_WRITE_BATCH_ENTRIES("journal_force_write_batch_entries", "entries"),
  CPU_UTILISATION("cpu_utilisation", "ratio"),
  HEAP_USED("heap_used", "bytes"),
  DIRECT_MEMORY_USED("direct_memory_used", "bytes"),
  DISK_USAGE("disk_usage", "ratio"),
  UNDER_REPLICATED_LEDGERS("under_replicated_ledgers", "count");

  private final String id;
  private final String unit;

  BookieMetric(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String unit() {
    return unit;
  }
}
