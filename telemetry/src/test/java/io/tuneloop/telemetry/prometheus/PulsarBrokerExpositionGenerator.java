package io.tuneloop.telemetry.prometheus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates text that looks like a Pulsar 4.0 broker's {@code /metrics/} output with topic-level
 * metrics on: broker and JVM families, a summary and a histogram, then per-topic families grouped
 * by name (each {@code # TYPE} once), with cluster/namespace/topic labels, name-encoded latency and
 * entry-size buckets, and per-subscription, per-consumer and per-producer families. Family names
 * follow Pulsar's {@code TopicStats}. Deterministic for a given shape and seed.
 */
public final class PulsarBrokerExpositionGenerator {

  /** How big the broker is. */
  public record Shape(
      int topics,
      int namespaces,
      int subscriptionsPerTopic,
      int consumersPerSubscription,
      int producersPerTopic) {

    /** A typical topic: one producer, one subscription with one consumer. */
    public static Shape topics(int topics) {
      return new Shape(topics, Math.max(1, topics / 100), 1, 1, 1);
    }
  }

  static final List<String> TOPIC_GAUGES =
      List.of(
          "pulsar_subscriptions_count",
          "pulsar_producers_count",
          "pulsar_consumers_count",
          "pulsar_rate_in",
          "pulsar_rate_out",
          "pulsar_throughput_in",
          "pulsar_throughput_out",
          "pulsar_average_msg_size",
          "pulsar_txn_tb_active_total",
          "pulsar_txn_tb_aborted_total",
          "pulsar_txn_tb_committed_total",
          "pulsar_storage_size",
          "pulsar_storage_logical_size",
          "pulsar_msg_backlog",
          "pulsar_storage_write_rate",
          "pulsar_storage_read_rate",
          "pulsar_storage_read_cache_misses_rate",
          "pulsar_storage_backlog_size",
          "pulsar_publish_rate_limit_times",
          "pulsar_storage_offloaded_size",
          "pulsar_storage_backlog_quota_limit",
          "pulsar_storage_backlog_quota_limit_time",
          "pulsar_storage_backlog_age_seconds",
          "pulsar_delayed_message_index_size_bytes");

  static final List<String> LATENCY_SUFFIXES =
      List.of(
          "le_0_5",
          "le_1",
          "le_5",
          "le_10",
          "le_20",
          "le_50",
          "le_100",
          "le_200",
          "le_1000",
          "overflow");

  static final List<String> ENTRY_SIZE_SUFFIXES =
      List.of(
          "le_128",
          "le_512",
          "le_1_kb",
          "le_2_kb",
          "le_4_kb",
          "le_16_kb",
          "le_100_kb",
          "le_1_mb",
          "le_overflow");

  static final List<String> SUBSCRIPTION_GAUGES =
      List.of(
          "pulsar_subscription_back_log",
          "pulsar_subscription_back_log_no_delayed",
          "pulsar_subscription_delayed",
          "pulsar_subscription_in_replay",
          "pulsar_subscription_msg_rate_redeliver",
          "pulsar_subscription_unacked_messages",
          "pulsar_subscription_blocked_on_unacked_messages",
          "pulsar_subscription_msg_rate_out",
          "pulsar_subscription_msg_ack_rate",
          "pulsar_subscription_msg_throughput_out",
          "pulsar_subscription_last_expire_timestamp",
          "pulsar_subscription_last_acked_timestamp",
          "pulsar_subscription_last_consumed_flow_timestamp",
          "pulsar_subscription_last_consumed_timestamp",
          "pulsar_subscription_last_mark_delete_advanced_timestamp",
          "pulsar_subscription_msg_rate_expired",
          "pulsar_subscription_total_msg_expired",
          "pulsar_subscription_msg_drop_rate",
          "pulsar_subscription_consumers_count",
          "pulsar_subscription_filter_processed_msg_count",
          "pulsar_subscription_filter_accepted_msg_count",
          "pulsar_subscription_filter_rejected_msg_count",
          "pulsar_subscription_filter_rescheduled_msg_count",
          "pulsar_subscription_delayed_message_index_size_bytes");

  static final List<String> CONSUMER_GAUGES =
      List.of(
          "pulsar_consumer_msg_rate_redeliver",
          "pulsar_consumer_unacked_messages",
          "pulsar_consumer_blocked_on_unacked_messages",
          "pulsar_consumer_msg_rate_out",
          "pulsar_consumer_msg_ack_rate",
          "pulsar_consumer_msg_throughput_out",
          "pulsar_consumer_available_permits");

  static final List<String> PRODUCER_GAUGES =
      List.of(
          "pulsar_producer_msg_rate_in",
          "pulsar_producer_msg_throughput_in",
          "pulsar_producer_msg_average_Size");

  static final int BROKER_GAUGES = 150;

  private final Shape shape;
  private final SplittableRandom random;
  private final StringBuilder out = new StringBuilder(1 << 20);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);

  private PulsarBrokerExpositionGenerator(Shape shape, long seed) {
    this.shape = shape;
    this.random = new SplittableRandom(seed);
  }

  /** The exposition for {@code shape} as UTF-8 bytes. */
  public static byte[] generate(Shape shape, long seed) {
    return new PulsarBrokerExpositionGenerator(shape, seed).run();
  }

  private byte[] run() {
    brokerFamilies();
    for (String family : TOPIC_GAUGES) {
      topicFamily(family, "");
    }
    for (String suffix : LATENCY_SUFFIXES) {
      topicFamily("pulsar_storage_write_latency_" + suffix, "");
    }
    topicFamily("pulsar_storage_write_latency_count", "");
    topicFamily("pulsar_storage_write_latency_sum", "");
    for (String suffix : LATENCY_SUFFIXES) {
      topicFamily("pulsar_storage_ledger_write_latency_" + suffix, "");
    }
    topicFamily("pulsar_storage_ledger_write_latency_count", "");
    topicFamily("pulsar_storage_ledger_write_latency_sum", "");
    for (String suffix : ENTRY_SIZE_SUFFIXES) {
      topicFamily("pulsar_entry_size_" + suffix, "");
    }
    topicFamily("pulsar_entry_size_count", "");
    topicFamily("pulsar_entry_size_sum", "");
    type("pulsar_storage_backlog_quota_exceeded_evictions_total", "counter");
    for (int t = 0; t < shape.topics(); t++) {
      sample("pulsar_storage_backlog_quota_exceeded_evictions_total", t, ",quota_type=\"size\"");
      sample("pulsar_storage_backlog_quota_exceeded_evictions_total", t, ",quota_type=\"time\"");
    }
    for (String family : PRODUCER_GAUGES) {
      type(family, "gauge");
      for (int t = 0; t < shape.topics(); t++) {
        for (int p = 0; p < shape.producersPerTopic(); p++) {
          sample(
              family,
              t,
              ",producer_name=\"standalone-0-" + (t * 7 + p) + "\",producer_id=\"" + p + "\"");
        }
      }
    }
    for (String family : SUBSCRIPTION_GAUGES) {
      type(family, "gauge");
      for (int t = 0; t < shape.topics(); t++) {
        for (int s = 0; s < shape.subscriptionsPerTopic(); s++) {
          sample(family, t, ",subscription=\"sub-" + s + "\"");
        }
      }
    }
    for (String family : CONSUMER_GAUGES) {
      type(family, "gauge");
      for (int t = 0; t < shape.topics(); t++) {
        for (int s = 0; s < shape.subscriptionsPerTopic(); s++) {
          for (int c = 0; c < shape.consumersPerSubscription(); c++) {
            sample(
                family,
                t,
                ",subscription=\"sub-"
                    + s
                    + "\",consumer_name=\"c"
                    + c
                    + "\",consumer_id=\""
                    + c
                    + "\"");
          }
        }
      }
    }
    topicFamily("pulsar_in_bytes_total", "");
    topicFamily("pulsar_in_messages_total", "");
    flush();
    return bytes.toByteArray();
  }

  private void brokerFamilies() {
    out.append("# HELP jvm_memory_bytes_used Used bytes of a given JVM memory area.\n");
    type("jvm_memory_bytes_used", "gauge");
    out.append("jvm_memory_bytes_used{cluster=\"standalone\",area=\"heap\"} 4.52984832E8\n");
    out.append("jvm_memory_bytes_used{cluster=\"standalone\",area=\"nonheap\"} 1.62345216E8\n");
    for (int i = 0; i < BROKER_GAUGES; i++) {
      String name = "pulsar_broker_stat_" + i;
      out.append("# HELP ")
          .append(name)
          .append(" Broker statistic number ")
          .append(i)
          .append(".\n");
      type(name, "gauge");
      out.append(name).append("{cluster=\"standalone\"} ");
      value();
      out.append('\n');
    }
    out.append("# HELP pulsar_broker_publish_latency Publish latency experienced by the broker.\n");
    type("pulsar_broker_publish_latency", "summary");
    for (String q : List.of("0.0", "0.5", "0.95", "0.99", "0.999", "0.9999", "1.0")) {
      out.append("pulsar_broker_publish_latency{cluster=\"standalone\",quantile=\"")
          .append(q)
          .append("\"} ");
      value();
      out.append('\n');
    }
    out.append("pulsar_broker_publish_latency_count{cluster=\"standalone\"} 1234567.0\n");
    out.append("pulsar_broker_publish_latency_sum{cluster=\"standalone\"} 2345678.5\n");
    type("pulsar_metadata_store_ops_latency_ms", "histogram");
    for (String op : List.of("get", "put", "del", "exists")) {
      double cumulative = 0;
      for (String le :
          List.of(
              "1.0", "3.0", "5.0", "10.0", "20.0", "50.0", "100.0", "200.0", "500.0", "1000.0",
              "+Inf")) {
        cumulative += random.nextInt(100);
        out.append(
                "pulsar_metadata_store_ops_latency_ms_bucket{cluster=\"standalone\",name=\"metadata-store\",type=\"")
            .append(op)
            .append("\",status=\"success\",le=\"")
            .append(le)
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      out.append(
              "pulsar_metadata_store_ops_latency_ms_count{cluster=\"standalone\",name=\"metadata-store\",type=\"")
          .append(op)
          .append("\",status=\"success\"} ")
          .append(cumulative)
          .append('\n');
      out.append(
              "pulsar_metadata_store_ops_latency_ms_sum{cluster=\"standalone\",name=\"metadata-store\",type=\"")
          .append(op)
          .append("\",status=\"success\"} ")
          .append(cumulative * 3.5)
          .append('\n');
    }
  }

  private void topicFamily(String family, String extraLabels) {
    type(family, "gauge");
    for (int t = 0; t < shape.topics(); t++) {
      sample(family, t, extraLabels);
    }
  }

  private void type(String family, String type) {
    out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
  }

  private void sample(String family, int topic, String extraLabels) {
    int ns = topic % shape.namespaces();
    out.append(family)
        .append("{cluster=\"standalone\",namespace=\"tenant-")
        .append(ns % 10)
        .append("/ns-")
        .append(ns)
        .append("\",topic=\"persistent://tenant-")
        .append(ns % 10)
        .append("/ns-")
        .append(ns)
        .append("/topic-")
        .append(topic)
        .append('"')
        .append(extraLabels)
        .append("} ");
    value();
    out.append('\n');
    if (out.length() > (1 << 20)) {
      flush();
    }
  }

  /** Counters, rates with three decimals, and zeros, in the proportions a broker shows. */
  private void value() {
    int kind = random.nextInt(10);
    if (kind < 4) {
      out.append("0.0");
    } else if (kind < 7) {
      out.append(random.nextInt(1_000_000));
    } else {
      out.append(random.nextInt(100_000)).append('.').append(random.nextInt(1000));
    }
  }

  private void flush() {
    byte[] chunk = out.toString().getBytes(StandardCharsets.UTF_8);
    bytes.write(chunk, 0, chunk.length);
    out.setLength(0);
  }
}
