package io.tuneloop.operator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.fixture.PrometheusServer;
import io.tuneloop.fixture.PrometheusServer.ScrapeTarget;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.local.LocalPulsarEnvironment;
import io.tuneloop.operator.local.LocalTelemetry;
import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.promql.InstantSample;
import io.tuneloop.telemetry.promql.Point;
import io.tuneloop.telemetry.promql.PromQlClient;
import io.tuneloop.telemetry.promql.PromQlException;
import io.tuneloop.telemetry.promql.RangeSeries;
import io.tuneloop.tuning.action.Action;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of every chart dashboard, run on Debian's real Prometheus while it
 * scrapes the operator's metrics endpoint (the exporter's HTTP server, as the operator runs it) and
 * the fixture broker's {@code /metrics}, and the {@code --local} loop makes real dynamic-setting
 * decisions on that broker under load. Each must parse and return at least one finite value over
 * the test window, as must each variable's {@code label_values} query.
 */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DashboardQueriesOnPrometheusTest {
  private static final String CLUSTER = "fixture";

  /** The metrics' cluster label: namespace/name, so same-named clusters never share series. */
  private static final String CLUSTER_LABEL = "local/" + CLUSTER;

  private static final Duration SCRAPE = Duration.ofSeconds(2);
  // Long enough for rate() and increase() over the substituted intervals to have several samples.
  private static final Duration LOOP_AT_LEAST = Duration.ofSeconds(50);
  private static final String RATE_INTERVAL = "20s";
  private static final String INTERVAL = "10s";

  @Test
  void everyDashboardQueryReturnsDataWhileTheLoopDecides(StandaloneBroker broker, @TempDir Path dir)
      throws Exception {
    Path binary = PrometheusServer.binaryOrSkip();
    List<GrafanaDashboard> boards = GrafanaDashboard.loadAll(GrafanaDashboard.chartDashboards());
    assertThat(boards).hasSize(2);

    ClusterPlan plan = plan(broker);
    AtomicInteger calls = new AtomicInteger();
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                switch (calls.getAndIncrement()) {
                  case 0 ->
                      Action.ChangeSetting.of(
                          "managedLedgerCacheEvictionTimeThresholdMillis", 1000, 2500);
                  case 1 -> Action.ChangeSetting.of("dispatcherMaxRoundRobinBatchSize", 20, 40);
                  default -> Action.noOp();
                });
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir);
    PrometheusRegistry registry = new PrometheusRegistry();
    TuningLoop loop =
        new TuningLoop(
            maker,
            journal,
            new OperatorMetrics(registry),
            Clock.systemUTC(),
            Duration.ofMillis(200));
    LoadSpec load =
        LoadSpec.builder(200)
            .sizes(MessageSizes.fixed(1024))
            .topics(1)
            .producers(1)
            .consumers(1)
            .duration(Duration.ofMinutes(3))
            .topicPrefix("persistent://public/default/dashboards-" + UUID.randomUUID() + "-")
            .build();

    List<String> failures = new ArrayList<>();
    try (HTTPServer exporter =
            HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
        PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
        LoadGenerator generator = new LoadGenerator(broker.serviceUrl(), load);
        PrometheusServer prometheus =
            PrometheusServer.start(
                binary,
                List.of(
                    new ScrapeTarget(
                        "tuneloop-operator",
                        URI.create("http://127.0.0.1:" + exporter.getPort() + "/metrics")),
                    new ScrapeTarget("pulsar-broker", URI.create(broker.brokerMetricsUrl()))),
                SCRAPE)) {
      generator.start();
      Instant start = Instant.now();
      LocalPulsarEnvironment env =
          new LocalPulsarEnvironment(
              LocalTelemetry.scrape(
                  CLUSTER,
                  List.of(URI.create(broker.brokerMetricsUrl())),
                  List.of(URI.create(broker.bookieMetricsUrl())),
                  Duration.ofSeconds(2)),
              new PulsarAdminActuator(admin),
              plan.guardrails().settleWindow(),
              Clock.systemUTC());
      Instant loopUntil = start.plus(LOOP_AT_LEAST);
      for (int pass = 0; pass < 200; pass++) {
        if (calls.get() >= 3 && Instant.now().isAfter(loopUntil)) {
          break;
        }
        LoopResult r = loop.run(plan, env, (warning, reason, message) -> {}, d -> {});
        Thread.sleep(Math.min(r.requeueAfter().toMillis(), 1000));
      }
      prometheus.awaitScraped("tuneloop-operator", Duration.ofSeconds(30));
      prometheus.awaitScraped("pulsar-broker", Duration.ofSeconds(30));
      // The last values the loop set, scraped at least once more.
      Thread.sleep(2 * SCRAPE.toMillis() + 500);
      Instant end = Instant.now();

      PromQlClient promql =
          PromQlClient.builder(prometheus.baseUri()).requestTimeout(Duration.ofSeconds(20)).build();
      Map<String, String> values = new HashMap<>();
      values.put("__rate_interval", RATE_INTERVAL);
      values.put("__range", Duration.between(start, end).toSeconds() + 1 + "s");
      values.put("__range_s", Long.toString(Duration.between(start, end).toSeconds() + 1));
      for (GrafanaDashboard d : boards) {
        resolveVariables(d, promql, values, failures);
      }
      for (GrafanaDashboard d : boards) {
        for (PanelQuery q : d.queries()) {
          Map<String, String> forQuery = new HashMap<>(values);
          forQuery.put("__interval", q.minInterval().orElse(INTERVAL));
          check(q, promql, forQuery, start, end).ifPresent(failures::add);
        }
      }
      if (!failures.isEmpty()) {
        failures.add("prometheus log: " + prometheus.logTail(10));
      }
    }
    assertThat(failures).as(String.join("\n", failures)).isEmpty();

    // The dashboards were checked against real decisions, not an idle loop.
    List<TuningDecision> decisions = journal.list("local", CLUSTER);
    assertThat(decisions).hasSize(2);
    assertThat(decisions)
        .allSatisfy(
            td ->
                assertThat(td.getStatus().phase)
                    .as(td.getStatus().message)
                    .isIn(Phase.Verified, Phase.RolledBack));
  }

  private static ClusterPlan plan(StandaloneBroker broker) {
    BrokerClusterSpec spec = ClusterSpecs.valid(broker.webServiceUrl());
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.bounds.knobs.add(
        new BrokerClusterSpec.KnobBound(
            "managedLedgerCacheEvictionTimeThresholdMillis", 100, 5000));
    spec.bounds.knobs.add(
        new BrokerClusterSpec.KnobBound("dispatcherMaxRoundRobinBatchSize", 1, 100));
    // An idle broker reports few latency readings; completeness is not what this test is about.
    spec.guardrails.minTelemetryCompleteness = 0.05;
    spec.guardrails.settleWindowSeconds = 1;
    return new SpecValidator((ns, n, k) -> Optional.empty())
        .validate("local", CLUSTER, spec)
        .plan()
        .orElseThrow();
  }

  /**
   * Runs each {@code label_values} variable's query and takes a value for it: the test's cluster
   * for {@code cluster}, else the first value Prometheus lists.
   */
  private static void resolveVariables(
      GrafanaDashboard d, PromQlClient promql, Map<String, String> values, List<String> failures) {
    for (JsonNode v : d.variables()) {
      String name = v.path("name").asText();
      Optional<GrafanaDashboard.LabelValues> lv = GrafanaDashboard.labelValues(v);
      if (lv.isEmpty()) {
        continue;
      }
      List<String> found;
      try {
        found =
            promql.queryVector(lv.get().promql()).samples().stream()
                .flatMap(s -> s.labels().get(lv.get().label()).stream())
                .filter(x -> !x.isBlank())
                .sorted()
                .toList();
      } catch (PromQlException e) {
        failures.add(d.file() + " variable " + name + ": " + e.getMessage());
        continue;
      }
      if (found.isEmpty()) {
        failures.add(d.file() + " variable " + name + ": " + lv.get().promql() + " is empty");
      } else if (name.equals("cluster") && !found.contains(CLUSTER_LABEL)) {
        failures.add(d.file() + " variable cluster lists " + found + ", not " + CLUSTER_LABEL);
      } else {
        values.putIfAbsent(name, name.equals("cluster") ? CLUSTER_LABEL : found.get(0));
      }
    }
  }

  /** A failure message, or empty when the query parses and has a finite value in the window. */
  private static Optional<String> check(
      PanelQuery q, PromQlClient promql, Map<String, String> values, Instant start, Instant end) {
    String expr;
    try {
      expr = q.expand(values);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    try {
      if (q.instant()) {
        List<InstantSample> samples = promql.queryVector(expr, end).samples();
        boolean finite = samples.stream().anyMatch(s -> Double.isFinite(s.point().value()));
        return finite
            ? Optional.empty()
            : Optional.of(q.where() + ": " + expr + " has no finite sample at " + end);
      }
      List<RangeSeries> series = promql.queryRange(expr, start, end, SCRAPE).series();
      boolean finite =
          series.stream()
              .flatMap(s -> s.points().stream())
              .map(Point::value)
              .anyMatch(Double::isFinite);
      return finite
          ? Optional.empty()
          : Optional.of(
              q.where() + ": " + expr + " has no finite point in [" + start + ", " + end + "]");
    } catch (PromQlException e) {
      return Optional.of(q.where() + ": " + expr + " failed: " + e.getMessage());
    }
  }
}
