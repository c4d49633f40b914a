package io.tuneloop.telemetry.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.prometheus.Labels;
import io.tuneloop.telemetry.promql.InstantSample;
import io.tuneloop.telemetry.promql.Point;
import io.tuneloop.telemetry.promql.PromQlException;
import io.tuneloop.telemetry.promql.PromQlFailures;
import io.tuneloop.telemetry.promql.QueryResult;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PromQL answers, good and bad, turned into snapshots without a server in between. */
class PromQlSnapshotSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final PromQlSelectors SELECTORS =
      new PromQlSelectors(
          "namespace=\"pulsar\",component=\"broker\"",
          "namespace=\"pulsar\",component=\"bookie\"",
          "pod",
          Duration.ofSeconds(60),
          Map.of("pulsar-broker-0", 2.0));

  /** Answers each query by the first rule whose key it contains; records every query. */
  private final Map<String, Object> rules = new LinkedHashMap<>();

  private final List<String> asked = new ArrayList<>();

  private QueryResult.Vector answer(String promql) {
    asked.add(promql);
    for (Map.Entry<String, Object> r : rules.entrySet()) {
      if (promql.contains(r.getKey())) {
        if (r.getValue() instanceof PromQlException e) {
          throw e;
        }
        return (QueryResult.Vector) r.getValue();
      }
    }
    return new QueryResult.Vector(List.of(), List.of());
  }

  private static QueryResult.Vector vector(Object... podValuePairs) {
    List<InstantSample> samples = new ArrayList<>();
    for (int i = 0; i < podValuePairs.length; i += 2) {
      samples.add(
          new InstantSample(
              Labels.of("pod", (String) podValuePairs[i]),
              new Point(NOW, ((Number) podValuePairs[i + 1]).doubleValue())));
    }
    return new QueryResult.Vector(samples, List.of());
  }

  private static QueryResult.Vector named(String pod, Object... nameValuePairs) {
    List<InstantSample> samples = new ArrayList<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      Labels l =
          pod == null
              ? Labels.of("__name__", (String) nameValuePairs[i])
              : Labels.of("pod", pod, "__name__", (String) nameValuePairs[i]);
      samples.add(
          new InstantSample(l, new Point(NOW, ((Number) nameValuePairs[i + 1]).doubleValue())));
    }
    return new QueryResult.Vector(samples, List.of());
  }

  private PromQlSnapshotSource source() {
    return new PromQlSnapshotSource(
        "prod-east",
        this::answer,
        SELECTORS,
        () -> new ClusterSettings(2, 3, Map.of()),
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofMinutes(2));
  }

  private void healthyCluster() {
    double scraped = NOW.minusSeconds(15).toEpochMilli() / 1000.0;
    rules.put(
        "timestamp(up{namespace=\"pulsar\",component=\"broker\"})",
        vector("pulsar-broker-0", scraped, "pulsar-broker-1", scraped));
    rules.put(
        "timestamp(up{namespace=\"pulsar\",component=\"bookie\"})",
        vector("pulsar-bookie-0", scraped));
    rules.put(
        "(up{namespace=\"pulsar\",component=\"broker\"})",
        vector("pulsar-broker-0", 1, "pulsar-broker-1", 1));
    rules.put("(up{namespace=\"pulsar\",component=\"bookie\"})", vector("pulsar-bookie-0", 1));
    rules.put("pulsar_broker_rate_in{", vector("pulsar-broker-0", 1000, "pulsar-broker-1", 3000));
    rules.put(
        "pulsar_broker_throughput_in{",
        vector("pulsar-broker-0", 1_024_000, "pulsar-broker-1", 3_072_000));
    rules.put(
        "quantile=\"0.99\"})", vector("pulsar-broker-0", 12.5, "pulsar-broker-1", Double.NaN));
    rules.put("process_cpu_seconds_total", vector("pulsar-broker-0", 1.0, "pulsar-broker-1", 0.5));
    // The query divides by 100 in PromQL, so the answer is already a fraction.
    rules.put("pulsar_lb_cpu_usage", vector("pulsar-broker-1", 0.4));
    rules.put(
        "pulsar_storage_write_latency_(le_.+|overflow)",
        named(
            "pulsar-broker-0",
            "pulsar_storage_write_latency_le_1",
            50,
            "pulsar_storage_write_latency_le_5",
            40,
            "pulsar_storage_write_latency_le_10",
            10,
            "pulsar_storage_write_latency_overflow",
            0));
    rules.put(
        "pulsar_entry_size_le_.+",
        named(
            null,
            "pulsar_entry_size_le_1_kb",
            900,
            "pulsar_entry_size_le_1_mb",
            100,
            "pulsar_entry_size_le_overflow",
            0));
    rules.put("rate(bookie_WRITE_BYTES{", vector("pulsar-bookie-0", 4_000_000));
  }

  @Test
  void buildsPerNodeReadingsFromQueries() throws Exception {
    healthyCluster();
    ClusterSnapshot s = source().observe();

    assertThat(s.brokers())
        .extracting(b -> b.name())
        .containsExactly("pulsar-broker-0", "pulsar-broker-1");
    var b0 = s.brokers().get(0);
    var b1 = s.brokers().get(1);
    assertThat(b0.get(BrokerMetric.MSG_RATE_IN).value()).isEqualTo(1000);
    assertThat(b0.get(BrokerMetric.MSG_RATE_IN).observedAt()).isEqualTo(NOW.minusSeconds(15));
    assertThat(b0.get(BrokerMetric.PUBLISH_LATENCY_P99).value()).isEqualTo(12.5);
    assertThat(b1.get(BrokerMetric.PUBLISH_LATENCY_P99).absentReason()).contains("NaN");
    // Cores are known for broker-0 only: the other falls back to the load manager's figure.
    assertThat(b0.get(BrokerMetric.CPU_UTILISATION).value()).isEqualTo(0.5);
    assertThat(b1.get(BrokerMetric.CPU_UTILISATION).value()).isEqualTo(0.4);
    assertThat(b0.get(BrokerMetric.STORAGE_WRITE_LATENCY_P50).value()).isEqualTo(1.0);
    assertThat(b0.get(BrokerMetric.STORAGE_WRITE_LATENCY_P99).value()).isBetween(5.0, 10.0);
    assertThat(b1.get(BrokerMetric.STORAGE_WRITE_LATENCY_P99).absentReason())
        .contains("pulsar-broker-1");
    assertThat(s.bookies().get(0).get(BookieMetric.WRITE_BYTES_RATE).value()).isEqualTo(4_000_000);
    assertThat(s.messageSizes().total()).isEqualTo(1000);
    assertThat(s.messageSizes().meanBytes().value()).isEqualTo(1024);
    assertThat(s.settings().bookies()).isEqualTo(3);
    assertThat(asked).anySatisfy(q -> assertThat(q).contains("[60s]"));
    assertThat(asked).allSatisfy(q -> assertThat(q).doesNotContain("$SEL", "$NODE", "$RANGE"));
  }

  @Test
  void downAndStaleNodesAreProblemsNotData() throws Exception {
    healthyCluster();
    double old = NOW.minusSeconds(600).toEpochMilli() / 1000.0;
    double fresh = NOW.minusSeconds(5).toEpochMilli() / 1000.0;
    rules.put(
        "timestamp(up{namespace=\"pulsar\",component=\"broker\"})",
        vector("pulsar-broker-0", fresh, "pulsar-broker-1", old, "pulsar-broker-2", fresh));
    rules.put(
        "(up{namespace=\"pulsar\",component=\"broker\"})",
        vector("pulsar-broker-0", 1, "pulsar-broker-1", 1, "pulsar-broker-2", 0));
    ClusterSnapshot s = source().observe();
    assertThat(s.brokers()).extracting(b -> b.name()).containsExactly("pulsar-broker-0");
    assertThat(s.problems())
        .anySatisfy(p -> assertThat(p).contains("pulsar-broker-1").contains("older than"))
        .anySatisfy(p -> assertThat(p).contains("pulsar-broker-2 is down"));
  }

  @Test
  void aFailingQueryLeavesItsMetricAbsentAndTheRestIntact() throws Exception {
    healthyCluster();
    rules.put(
        "pulsar_broker_throughput_in{",
        PromQlFailures.of(PromQlException.Kind.TIMEOUT, "query timed out", "q"));
    ClusterSnapshot s = source().observe();
    assertThat(s.brokers().get(0).get(BrokerMetric.BYTES_RATE_IN).absentReason())
        .contains("query failed");
    assertThat(s.brokers().get(0).get(BrokerMetric.MSG_RATE_IN).value()).isEqualTo(1000);
    assertThat(s.problems()).anySatisfy(p -> assertThat(p).startsWith("bytes_rate_in: "));
  }

  @Test
  void noLiveBrokerOrNoPrometheusIsAnError() {
    assertThatThrownBy(() -> source().observe())
        .isInstanceOf(TelemetryException.class)
        .hasMessageContaining("knows no live broker of cluster prod-east");
    rules.put(
        "up{", PromQlFailures.of(PromQlException.Kind.CONNECTION, "connection refused", "up"));
    assertThatThrownBy(() -> source().observe())
        .isInstanceOf(TelemetryException.class)
        .hasMessageContaining("cannot list nodes");
  }

  @Test
  void refusesSelectorsThatAreNotMatcherLists() {
    assertThatThrownBy(
            () ->
                new PromQlSelectors(
                    "namespace=pulsar", "a=\"b\"", "pod", Duration.ofSeconds(30), Map.of()))
        .hasMessageContaining("'namespace=pulsar' are not a PromQL label matcher list");
    assertThatThrownBy(
            () ->
                new PromQlSelectors(
                    "a=\"b\"}) or vector(1", "a=\"b\"", "pod", Duration.ofSeconds(30), Map.of()))
        .hasMessageContaining("not a PromQL label matcher list");
    assertThatThrownBy(
            () ->
                new PromQlSelectors(
                    "a=\"b\"", "a=\"b\"", "pod name", Duration.ofSeconds(30), Map.of()))
        .hasMessageContaining("'pod name' is not a label name");
  }
}
