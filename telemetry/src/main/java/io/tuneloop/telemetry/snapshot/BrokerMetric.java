package io.tuneloop.telemetry.snapshot;

/** What a snapshot records for each broker. */
public enum BrokerMetric implements MetricKey {
  MSG_RATE_IN("msg_rate_in", "msg/s"),
  MSG_RATE_OUT("msg_rate_out", "msg/s"),
  BYTES_RATE_IN("bytes_rate_in", "bytes/s"),
  BYTES_RATE_OUT("bytes_rate_out", "bytes/s"),
  PUBLISH_LATENCY_P50("publish_latency_p50", "ms"),
  PUBLISH_LATENCY_P95("publish_latency_p95", "ms"),
  PUBLISH_LATENCY_P99("publish_latency_p99", "ms"),
  STORAGE_WRITE_LATENCY_P50("storage_write_latency_p50", "ms"),
  STORAGE_WRITE_LATENCY_P99("storage_write_latency_p99", "ms"),
  PENDING_ADD_QUEUE("pending_add_queue", "entries"),
  BACKLOG("backlog", "msg"),
  CACHE_HIT_RATE("cache_hit_rate", "ratio"),
  CACHE_SIZE("cache_size", "bytes"),
  CPU_UTILISATION("cpu_utilisation", "ratio"),
  HEAP_USED("heap_used", "bytes"),
  HEAP_MAX("heap_max", "bytes"),
  DIRECT_MEMORY_USED("direct_memory_used", "bytes"),
  DIRECT_MEMORY_MAX("direct_memory_max", "bytes"),
  TOPICS("topics", "count"),
  PRODUCERS("producers", "count"),
  CONSUMERS("consumers", "count");

  private final String id;
  private final String unit;

  BrokerMetric(String id, String unit) {
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
