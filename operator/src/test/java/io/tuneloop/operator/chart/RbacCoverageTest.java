package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.operator.telemetry.PodScrapeTelemetry;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's RBAC covers every Kubernetes API call the operator makes, and grants nothing else.
 *
 * <p>The real operator (JOSDK with leader election, the reconciler, the decision journal, the
 * actuators) runs on the Fabric8 mock API server through its own client, whose User-Agent sets its
 * requests apart from the test's and the StatefulSet emulator's. It carries out a broker scale-up,
 * a rolling journal setting change, a bookie decommission (with volume claim deletion), records
 * events and decisions and prunes old ones, and lists pods for metrics, as in production. Every
 * request it sent is mapped to (group, resource, verb, namespace) and must be allowed by the rules
 * bound to the chart's ServiceAccount; every granted (group, resource, verb) must have been used or
 * be in {@link #JUSTIFIED_EXTRAS}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class RbacCoverageTest {
  private static final String USER_AGENT = "tuneloop-operator-under-audit";

  /** Grants the operator needs that its traffic does not show, with why. */
  private static final Map<String, String> JUSTIFIED_EXTRAS =
      Map.of(
          "coordination.k8s.io/leases:update",
          "Fabric8 renews the Lease with patch, but JOSDK's pre-election rules review demands"
              + " update and refuses to start without it (the review above answers with the"
              + " chart's rules, so dropping it fails this test)");

  KubernetesMockServer server;
  KubernetesClient client;
  private OperatorHarness h;
  private KubernetesClient operatorClient;
  private HttpServer bookkeeper;

  @BeforeEach
  void cluster() throws IOException {
    h = new OperatorHarness(client);
    operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(USER_AGENT).build())
            .build();
    // BookKeeper's HTTP admin as the decommission sees it when no ledger is under-replicated.
    bookkeeper = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bookkeeper.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          boolean list = ex.getRequestURI().getPath().endsWith("/list_under_replicated_ledger");
          byte[] body =
              (list ? "No under replicated ledgers found" : "OK").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(list ? 404 : 200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    bookkeeper.start();
    // JOSDK reviews its own rules before electing and refuses to start without create, update and
    // get on Leases. The mock cannot review rules, so it answers with the chart's own Lease rules.
    SelfSubjectRulesReviewBuilder review = new SelfSubjectRulesReviewBuilder();
    var status = review.withNewStatus().withIncomplete(false);
    for (RbacRules.Rule rule :
        chartRbac(TuneloopChart.checkedIn().renderIn(OperatorHarness.NS, Map.of())).rules()) {
      if (rule.namespace().equals(Optional.of(OperatorHarness.NS))) {
        status =
            status
                .addNewResourceRule()
                .withApiGroups(rule.groups())
                .withResources(rule.resources())
                .withVerbs(rule.verbs())
                .endResourceRule();
      }
    }
    status.endStatus();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review.build())
        .always();
  }

  @AfterEach
  void stop() {
    h.close();
    bookkeeper.stop(0);
    operatorClient.close();
  }

  /**
   * Watching every namespace (the default: the operator's rules in a ClusterRole) and watching one
   * (a Role in that namespace): the operator's calls differ (cluster-wide or namespaced list and
   * watch), so each runs against the chart rendered the same way.
   */
  @ParameterizedTest(name = "watchNamespaces={0}")
  @ValueSource(strings = {"", OperatorHarness.NS})
  void theChartsRbacAllowsEveryCallTheOperatorMakesAndNothingMore(String watched) throws Exception {
    Set<String> namespaces = watched.isEmpty() ? Set.of() : Set.of(watched);
    List<ApiRequest> calls = operatorTraffic(namespaces);
    Set<String> used =
        calls.stream()
            .map(RbacCoverageTest::grantKey)
            .collect(Collectors.toCollection(TreeSet::new));
    // The run went down every path whose permission the chart grants.
    assertThat(used)
        .as("API calls the operator made")
        .contains(
            "apps/statefulsets:patch",
            "core/configmaps:patch",
            "core/pods:get",
            "core/pods:list",
            "core/persistentvolumeclaims:delete",
            "core/secrets:get",
            "core/events:create",
            "coordination.k8s.io/leases:create",
            "tuneloop.io/tuningdecisions:create",
            "tuneloop.io/tuningdecisions:delete",
            "tuneloop.io/brokerclusters:watch");
    Map<String, Object> values =
        watched.isEmpty() ? Map.of() : Map.of("operator.watchNamespaces[0]", watched);
    checkAgainst(TuneloopChart.checkedIn().renderIn(OperatorHarness.NS, values), calls, used);
  }

  /** The rules bound to the ServiceAccount the chart's operator Deployment runs as. */
  private static RbacRules chartRbac(RenderedChart chart) {
    JsonNode deployment = chart.one("Deployment", "tl-tuneloop-operator");
    String sa = deployment.at("/spec/template/spec/serviceAccountName").asText();
    return RbacRules.forServiceAccount(chart, OperatorHarness.NS, sa);
  }

  private static void checkAgainst(RenderedChart chart, List<ApiRequest> calls, Set<String> used) {
    RbacRules rbac = chartRbac(chart);

    List<ApiRequest> denied = calls.stream().filter(c -> !rbac.allows(c)).distinct().toList();
    assertThat(denied).as("operator calls the chart's RBAC does not allow").isEmpty();

    List<String> wildcards = new ArrayList<>();
    Set<String> granted = new TreeSet<>();
    for (RbacRules.Rule rule : rbac.rules()) {
      for (String g : rule.groups()) {
        for (String r : rule.resources()) {
          for (String v : rule.verbs()) {
            if (g.contains("*") || r.contains("*") || v.contains("*")) {
              wildcards.add(rule.toString());
            }
            granted.add((g.isEmpty() ? "core" : g) + "/" + r + ":" + v);
          }
        }
      }
    }
    assertThat(wildcards).as("rules with '*'").isEmpty();
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    unused.removeAll(JUSTIFIED_EXTRAS.keySet());
    assertThat(unused).as("granted but never used by the operator").isEmpty();
  }

  /** Runs the operator through its paths and returns the API requests it sent. */
  private List<ApiRequest> operatorTraffic(Set<String> namespaces) throws Exception {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // The harness's own setup traffic is not the operator's.
    }
    AtomicInteger pass = new AtomicInteger();
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                switch (pass.getAndIncrement()) {
                  case 0 -> new Action.ScaleBrokers(2, 3);
                  case 1 -> Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 5);
                  case 2 -> new Action.ScaleBookies(3, 2);
                  default -> Action.noOp();
                });
    TuneloopOperator operator =
        new TuneloopOperator(
            operatorClient,
            reconciler(maker),
            namespaces,
            Optional.of(
                new TuneloopOperator.LeaderElection(
                    "tuneloop-operator",
                    OperatorHarness.NS,
                    "audited-0",
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(250))));
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.guardrails.decisionHistory = 1;
    spec.telemetry.intervalSeconds = 10;
    spec.bounds.minBookies = 2;
    spec.pulsar.authSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.authSecretRef.name = "pulsar-token";
    spec.pulsar.authSecretRef.key = "token";
    operator.start();
    try {
      h.createCluster("c1", spec);
      OperatorHarness.await(
          "the bookie decommission to finish",
          Duration.ofSeconds(180),
          () ->
              h.decisions().stream()
                  .map(
                      d ->
                          d.getSpec().action.description
                              + ": "
                              + (d.getStatus() == null
                                  ? "no status"
                                  : d.getStatus().phase + " " + d.getStatus().message))
                  .toList(),
          ds ->
              ds.stream()
                  .anyMatch(d -> d.startsWith("bookies 3 -> 2") && d.contains(": Verified ")));
      // Production reads metrics endpoints from the pods (here it finds none with an IP).
      ClusterPlan plan =
          new SpecValidator((ns, name, key) -> Optional.of("jwt"))
              .validate(OperatorHarness.NS, "c1", spec)
              .plan()
              .orElseThrow();
      try {
        PodScrapeTelemetry.forPlan(operatorClient, plan, Clock.systemUTC()).observe();
      } catch (TelemetryException expected) {
        // No pod has an IP on the mock; the list call is what matters here.
      }
    } finally {
      operator.close();
    }
    List<ApiRequest> calls = new ArrayList<>();
    List<String> unmapped = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (!USER_AGENT.equals(r.getHeader("User-Agent"))) {
        continue;
      }
      Optional<ApiRequest> call = ApiRequest.of(r.getMethod(), r.getPath());
      if (call.isPresent()) {
        calls.add(call.get());
      } else {
        unmapped.add(r.getMethod() + " " + r.getPath());
      }
    }
    assertThat(unmapped).as("non-resource requests (discovery)").isEmpty();
    return calls;
  }

  private BrokerClusterReconciler reconciler(ScriptedDecisionMaker maker) {
    KubernetesClient c = operatorClient;
    SpecValidator validator =
        new SpecValidator(
            (ns, name, key) ->
                Optional.ofNullable(c.secrets().inNamespace(ns).withName(name).get())
                    .map(s -> s.getData() == null ? null : s.getData().get(key))
                    .map(v -> new String(Base64.getDecoder().decode(v))));
    URI bk = URI.create("http://127.0.0.1:" + bookkeeper.getAddress().getPort());
    BookieHttpAdmin bookies = new BookieHttpAdmin(() -> bk, Duration.ofSeconds(5));
    return new BrokerClusterReconciler(
        c,
        validator,
        (plan, generation) ->
            new KubernetesPulsarEnvironment(
                plan,
                h.telemetry,
                new StatefulSetScaler(c),
                new RollingConfigActuator(c, () -> OptionalLong.of(0)),
                new BookieDecommissioner(
                    c,
                    bookies,
                    new BookieDecommissioner.Addressing(
                        "cluster.local", 3181, 8000, Optional.of(bk)),
                    Duration.ZERO,
                    Clock.systemUTC()),
                null,
                Clock.systemUTC()),
        new TuningLoop(
            maker,
            new KubernetesDecisionJournal(c),
            h.metrics,
            Clock.systemUTC(),
            Duration.ofMillis(200)),
        h.metrics,
        Clock.systemUTC());
  }

  private static String grantKey(ApiRequest r) {
    return (r.group().isEmpty() ? "core" : r.group()) + "/" + r.resource() + ":" + r.verb();
  }
}
