package io.tuneloop.operator.reconciler;

import static io.tuneloop.operator.OperatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.web.ObservationHistory;
import io.tuneloop.tuning.action.Action;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class BrokerClusterReconcilerTest {
  KubernetesClient client;
  OperatorHarness h;
  TuneloopOperator operator;

  @BeforeEach
  void cluster() {
    h = new OperatorHarness(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    h.close();
  }

  /** Chooses {@code first} once, then nothing. */
  static ScriptedDecisionMaker once(Action first) {
    AtomicInteger n = new AtomicInteger();
    return new ScriptedDecisionMaker(r -> n.getAndIncrement() == 0 ? first : Action.noOp());
  }

  static Optional<Condition> condition(BrokerCluster bc, String type) {
    if (bc.getStatus() == null || bc.getStatus().conditions == null) {
      return Optional.empty();
    }
    return bc.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean phase(TuningDecision d, Phase p) {
    return d.getStatus() != null && d.getStatus().phase == p;
  }

  @Test
  void invalidSpecGetsAConditionAndNothingElse() {
    ScriptedDecisionMaker maker = once(new Action.ScaleBrokers(2, 3));
    operator = h.startOperator(maker, Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.bounds.knobs.add(new BrokerClusterSpec.KnobBound("journalSyncData", 0, 1));
    spec.pulsar.authSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.authSecretRef.name = "missing";
    h.createCluster("bad", spec);

    BrokerCluster bc =
        await(
            "InvalidSpec condition",
            Duration.ofSeconds(30),
            () -> h.cluster("bad"),
            c -> condition(c, "Ready").map(x -> "InvalidSpec".equals(x.getReason())).orElse(false));
    Condition ready = condition(bc, "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .contains("knob journalSyncData is never tuned")
        .contains("Secret pulsar/missing has no key 'token'");
    assertThat(condition(bc, "Degraded").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(bc.getStatus().observedGeneration).isEqualTo(bc.getMetadata().getGeneration());
    assertThat(h.events()).anyMatch(e -> "InvalidSpec".equals(e.getReason()));
    assertThat(maker.calls()).isZero();
    assertThat(h.decisions()).isEmpty();
    assertThat(h.replicas(HelmChartCluster.BROKER)).isEqualTo(2);
  }

  @Test
  void anUnreachableFederationIsAConditionAndAnEventButTheReconcileGoesOn() {
    h.federator =
        plan -> {
          assertThat(plan.federation()).isPresent();
          throw new java.io.IOException(
              "connection refused: " + plan.federation().get().serviceUrl());
        };
    operator = h.startOperator(once(Action.noOp()), Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.federation.join = true;
    spec.federation.serviceUrl = "pulsar://federation.example:6650";
    h.createCluster("c1", spec);
    BrokerCluster bc =
        await(
            "Federated condition",
            Duration.ofSeconds(30),
            () -> h.cluster("c1"),
            c ->
                condition(c, "Federated").isPresent()
                    && condition(c, "Ready").map(r -> "True".equals(r.getStatus())).orElse(false));
    Condition federated = condition(bc, "Federated").orElseThrow();
    assertThat(federated.getStatus()).isEqualTo("False");
    assertThat(federated.getReason()).isEqualTo("FederationUnreachable");
    assertThat(federated.getMessage()).contains("pulsar://federation.example:6650");
    assertThat(bc.getStatus().baselineVersion).isNull();
    assertThat(h.events()).anyMatch(e -> "FederationUnreachable".equals(e.getReason()));
  }

  @Test
  void aClusterCreatedAgainUnderItsNameStartsAfreshEvenWhenItsDeletionWasNotSeen()
      throws Exception {
    ObservationHistory history = new ObservationHistory(50);
    h.observer = history;
    h.alsoHeld = history;
    BrokerClusterReconciler reconciler =
        h.reconciler(new ScriptedDecisionMaker(r -> Action.noOp()));
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    BrokerCluster first = h.createCluster("c1", spec);
    reconciler.reconcile(first, null);
    Thread.sleep(20); // a later observation window
    reconciler.reconcile(h.cluster("c1"), null);
    assertThat(history.of("pulsar/c1")).hasSize(2);

    // Deleted and created again while no reconcile saw the deletion: only the uid tells.
    client.resource(first).delete();
    await("c1 gone", Duration.ofSeconds(10), () -> h.cluster("c1") == null, gone -> gone);
    BrokerCluster again = h.createCluster("c1", spec);
    assertThat(again.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
    reconciler.reconcile(again, null);
    assertThat(history.of("pulsar/c1")).as("the old cluster's observations are gone").hasSize(1);
  }

  @Test
  void observeModeRecordsWithoutEventOrChange() {
    operator = h.startOperator(once(new Action.ScaleBrokers(2, 3)), Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Observe;
    h.createCluster("c1", spec);
    TuningDecision d = h.awaitDecision("a recommendation", x -> phase(x, Phase.Recommended));
    assertThat(d.getSpec().mode).isEqualTo("Observe");
    assertThat(d.getSpec().action.description).isEqualTo("brokers 2 -> 3");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("c1"));
    BrokerCluster bc =
        await(
            "status",
            Duration.ofSeconds(10),
            () -> h.cluster("c1"),
            c -> c.getStatus() != null && c.getStatus().lastDecision != null);
    assertThat(condition(bc, "Paused").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(bc.getStatus().brokers).isEqualTo(2);
    assertThat(h.events()).noneMatch(e -> "Recommendation".equals(e.getReason()));
    assertThat(h.replicas(HelmChartCluster.BROKER)).isEqualTo(2);
  }

  @Test
  void recommendModeRecordsAndAnnouncesButChangesNothing() {
    operator = h.startOperator(once(new Action.ScaleBrokers(2, 3)), Optional.empty());
    h.createCluster("c1", ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080"));
    TuningDecision d = h.awaitDecision("a recommendation", x -> phase(x, Phase.Recommended));
    assertThat(d.getStatus().message).contains("mode");
    await(
        "event",
        Duration.ofSeconds(10),
        h::events,
        l -> l.stream().anyMatch(e -> "Recommendation".equals(e.getReason())));
    assertThat(h.replicas(HelmChartCluster.BROKER)).isEqualTo(2);
  }

  @Test
  void autoModeScalesBrokersAndVerifies() {
    operator = h.startOperator(once(new Action.ScaleBrokers(2, 3)), Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    h.createCluster("c1", spec);
    TuningDecision d = h.awaitDecision("verified scale", x -> phase(x, Phase.Verified));
    assertThat(h.replicas(HelmChartCluster.BROKER)).isEqualTo(3);
    assertThat(d.getStatus().appliedAt).isNotNull();
    assertThat(d.getStatus().outcome.p99PublishLatencyMs).isEqualTo(20.0);
    assertThat(d.getSpec().prediction.p99PublishLatencyMs).isEqualTo(15.0);
    assertThat(h.events()).anyMatch(e -> "DecisionApplied".equals(e.getReason()));
    BrokerCluster bc =
        await(
            "status shows 3 brokers",
            Duration.ofSeconds(20),
            () -> h.cluster("c1"),
            c -> c.getStatus() != null && Integer.valueOf(3).equals(c.getStatus().brokers));
    assertThat(condition(bc, "Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(condition(bc, "ModelReady").orElseThrow().getMessage()).contains("test-model-1");

    String metrics = scrape();
    assertThat(metrics)
        .contains(
            "tuneloop_decisions_total{action=\"scale-brokers\",cluster=\"pulsar/c1\",phase=\"Planned\"} 1.0")
        .contains(
            "tuneloop_decisions_total{action=\"scale-brokers\",cluster=\"pulsar/c1\",phase=\"Verified\"} 1.0")
        .contains("tuneloop_predicted_p99_publish_latency_seconds{cluster=\"pulsar/c1\"} 0.015")
        .contains("tuneloop_observed_p99_publish_latency_seconds{cluster=\"pulsar/c1\"} 0.02")
        .contains("tuneloop_model_p99_error_seconds{cluster=\"pulsar/c1\"} 0.005")
        .contains("tuneloop_mode_info{cluster=\"pulsar/c1\",mode=\"AUTO\"} 1.0")
        .contains("tuneloop_replicas{cluster=\"pulsar/c1\",role=\"broker\"} 3.0")
        .contains("tuneloop_reconcile_duration_seconds_count{cluster=\"pulsar/c1\"}");
  }

  /** The operator's metrics as Prometheus scrapes them, over HTTP. */
  private String scrape() {
    try (HTTPServer server = HTTPServer.builder().port(0).registry(h.registry).buildAndStart()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } catch (Exception e) {
      throw new AssertionError("cannot scrape the operator's metrics", e);
    }
  }

  @Test
  void journalSettingRollsThroughTheConfigMapOnePodAtATime() {
    operator =
        h.startOperator(
            once(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 5)), Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    h.createCluster("c1", spec);
    TuningDecision d = h.awaitDecision("verified roll", x -> phase(x, Phase.Verified));
    assertThat(
            client
                .configMaps()
                .inNamespace(OperatorHarness.NS)
                .withName(HelmChartCluster.BOOKIE)
                .get()
                .getData())
        .containsEntry("journalMaxGroupWaitMSec", "5");
    assertThat(h.controller.restarts())
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
    assertThat(h.controller.maxNotReadyAtOnce()).isEqualTo(1);
    assertThat(d.getStatus().restartedPods)
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
  }

  @Test
  void inducedRegressionIsRolledBack() {
    operator = h.startOperator(once(new Action.ScaleBrokers(2, 3)), Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.guardrails.settleWindowSeconds = 3;
    h.createCluster("c1", spec);
    h.awaitDecision("applied", x -> phase(x, Phase.Applied) || phase(x, Phase.Planned));
    h.telemetry.p99Ms(200);
    TuningDecision d = h.awaitDecision("rolled back", x -> phase(x, Phase.RolledBack));
    assertThat(d.getStatus().outcome.p99PublishLatencyMs).isEqualTo(200.0);
    assertThat(d.getStatus().message).contains("rolled back: brokers 3 -> 2");
    await(
        "brokers back to 2",
        Duration.ofSeconds(10),
        () -> h.replicas(HelmChartCluster.BROKER),
        r -> r == 2);
    assertThat(h.events()).anyMatch(e -> "RolledBack".equals(e.getReason()));
  }
}
