package io.tuneloop.operator.badinput;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.operator.telemetry.PodScrapeTelemetry;
import io.tuneloop.tuning.action.Action;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad answers from a Prometheus server, through the operator's own telemetry path (the spec's
 * prometheusUrl, {@link PodScrapeTelemetry#forPlan}, the PromQL snapshot source) and the real
 * reconciler. Each cluster's Prometheus answers every query with one kind of bad answer; each must
 * end in TelemetryHealthy=False with a message, the reconcile must finish (a Ready condition is
 * written, nothing escapes), and nothing is applied: the planner would scale up if asked.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PromQlAnswerBadInputTest {
  /** A canned HTTP answer. */
  record Answer(int status, String contentType, byte[] body) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String vector(String value, String timestamp) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{\"pod\":\"pulsar-broker-0\",\"namespace\":\"pulsar\"},\"value\":["
        + timestamp
        + ","
        + value
        + "]},"
        + "{\"metric\":{\"pod\":\"pulsar-broker-1\",\"namespace\":\"pulsar\"},\"value\":["
        + timestamp
        + ","
        + value
        + "]}]}}";
  }

  static Map<String, Answer> answers() {
    String now = String.valueOf(System.currentTimeMillis() / 1000.0);
    Map<String, Answer> a = new LinkedHashMap<>();
    a.put(
        "http-500",
        new Answer(500, "text/plain", "internal error".getBytes(StandardCharsets.UTF_8)));
    a.put(
        "http-404",
        new Answer(404, "text/plain", "404 page not found".getBytes(StandardCharsets.UTF_8)));
    a.put(
        "http-503-json",
        Answer.json(
            503,
            "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"shutting down\"}"));
    a.put(
        "html-login-page",
        new Answer(
            200,
            "text/html",
            "<html><body>Sign in</body></html>".getBytes(StandardCharsets.UTF_8)));
    a.put("json-cut", Answer.json(200, vector("\"1\"", now).substring(0, 90)));
    a.put("json-trailing", Answer.json(200, vector("\"1\"", now) + "{}"));
    a.put(
        "status-error",
        Answer.json(
            400,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}"));
    a.put(
        "status-missing", Answer.json(200, "{\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    a.put(
        "matrix",
        Answer.json(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"pod\":\"pulsar-broker-0\"},\"values\":[["
                + now
                + ",\"1\"]]}]}}"));
    a.put(
        "scalar",
        Answer.json(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":["
                + now
                + ",\"1\"]}}"));
    a.put(
        "empty-vector",
        Answer.json(
            200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    a.put("nan-values", Answer.json(200, vector("\"NaN\"", now)));
    a.put("inf-values", Answer.json(200, vector("\"+Inf\"", now)));
    a.put("text-values", Answer.json(200, vector("\"fast\"", now)));
    a.put("huge-values", Answer.json(200, vector("\"1e999\"", now)));
    a.put("number-not-string", Answer.json(200, vector("1", now)));
    a.put("stale-1970", Answer.json(200, vector("\"1\"", "1")));
    a.put("future-timestamp", Answer.json(200, vector("\"1\"", "4102444800")));
    a.put(
        "value-not-array",
        Answer.json(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\"pulsar-broker-0\"},\"value\":5}]}}"));
    a.put(
        "metric-not-object",
        Answer.json(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":\"x\",\"value\":["
                + now
                + ",\"1\"]}]}}"));
    a.put(
        "giant-label",
        Answer.json(
            200, vector("\"1\"", now).replace("pulsar-broker-0", "p".repeat(8 * 1024 * 1024))));
    // Node discovery (the up query) answers well; every metric query answers badly.
    a.put("nan-after-up", Answer.json(200, vector("\"NaN\"", now)));
    a.put(
        "error-after-up",
        Answer.json(
            422,
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\"}"));
    a.put(
        "empty-after-up",
        Answer.json(
            200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    a.put("cut-after-up", Answer.json(200, vector("\"1\"", now).substring(0, 60)));
    return a;
  }

  KubernetesClient client;
  OperatorHarness h;
  TuneloopOperator operator;
  HttpServer prometheus;

  @BeforeEach
  void start() throws IOException {
    h = new OperatorHarness(client);
    Map<String, Answer> answers = answers();
    prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    prometheus.createContext(
        "/",
        exchange -> {
          String row = exchange.getRequestURI().getPath().split("/")[1];
          String query = String.valueOf(exchange.getRequestURI().getQuery());
          String now = String.valueOf(System.currentTimeMillis() / 1000.0);
          Answer a =
              !row.endsWith("-after-up") || !query.contains("(up{")
                  ? answers.get(row)
                  : query.contains("timestamp(")
                      ? Answer.json(200, vector("\"" + now + "\"", now))
                      : Answer.json(200, vector("\"1\"", now));
          exchange.getResponseHeaders().set("Content-Type", a.contentType());
          exchange.sendResponseHeaders(a.status(), a.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
          }
        });
    prometheus.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    prometheus.stop(0);
    h.close();
  }

  @Test
  void everyBadAnswerEndsInAnUnhealthyTelemetryConditionAndNoAction() {
    Map<String, Answer> answers = answers();
    ScriptedDecisionMaker maker = new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3));
    SpecValidator validator = new SpecValidator((ns, name, key) -> Optional.empty());
    KubernetesEnvironmentProvider envs =
        new KubernetesEnvironmentProvider(
            client,
            plan -> PodScrapeTelemetry.forPlan(client, plan, Clock.systemUTC()),
            BookieDecommissioner.Addressing.helmChart(),
            Duration.ofSeconds(1),
            Clock.systemUTC());
    TuningLoop loop =
        new TuningLoop(
            maker,
            new KubernetesDecisionJournal(client),
            h.metrics,
            Clock.systemUTC(),
            Duration.ofMillis(200));
    operator =
        new TuneloopOperator(
            client,
            new BrokerClusterReconciler(
                client, validator, envs, loop, h.metrics, Clock.systemUTC()),
            Set.of(OperatorHarness.NS),
            Optional.empty());
    operator.start();
    String base = "http://127.0.0.1:" + prometheus.getAddress().getPort() + "/";
    for (String row : answers.keySet()) {
      BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:1");
      spec.mode = BrokerClusterSpec.Mode.Auto;
      spec.telemetry.prometheusUrl = base + row + "/";
      h.createCluster(row, spec);
    }
    OperatorHarness.await(
        "a TelemetryHealthy condition on every cluster",
        Duration.ofSeconds(120),
        () ->
            answers.keySet().stream()
                .filter(r -> condition(r, "TelemetryHealthy").isEmpty())
                .toList(),
        List::isEmpty);

    SoftAssertions soft = new SoftAssertions();
    int handled = 0;
    for (String row : answers.keySet()) {
      Condition t = condition(row, "TelemetryHealthy").orElseThrow();
      Optional<Condition> ready = condition(row, "Ready");
      boolean ok =
          "False".equals(t.getStatus())
              && t.getMessage() != null
              && !t.getMessage().isBlank()
              && t.getMessage().length() < 2000
              && ready.isPresent();
      soft.assertThat(ok)
          .as("%s: TelemetryHealthy=%s/%s '%s'", row, t.getStatus(), t.getReason(), t.getMessage())
          .isTrue();
      if (ok) {
        handled++;
      }
      System.out.printf("  %s: %s %.160s%n", row, t.getReason(), t.getMessage().replace('\n', ' '));
    }
    soft.assertThat(
            h.decisions().stream()
                .filter(
                    d ->
                        d.getStatus() != null
                            && d.getStatus().phase != null
                            && d.getStatus().phase != Phase.Rejected
                            && d.getStatus().phase != Phase.Recommended)
                .map(d -> d.getMetadata().getName() + " " + d.getStatus().phase)
                .toList())
        .as("decisions applied on bad telemetry")
        .isEmpty();
    soft.assertThat(h.replicas(HelmChartCluster.BROKER)).isEqualTo(2);
    soft.assertThat(h.controller.restarts()).isEmpty();
    System.out.printf("PromQL answers: tried %d, handled %d%n", answers.size(), handled);
    soft.assertAll();
  }

  Optional<Condition> condition(String name, String type) {
    BrokerCluster bc = h.cluster(name);
    if (bc == null || bc.getStatus() == null || bc.getStatus().conditions == null) {
      return Optional.empty();
    }
    return bc.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
