package io.tuneloop.operator.reconciler;

import static io.tuneloop.operator.OperatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.tuneloop.federation.topics.FederationNamespace;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.cli.LearnerOutcomeSink;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.federation.Federations;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.web.ObservationHistory;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a BrokerCluster releases what the operator held for it, with the production parts on the
 * real fixture broker: the Kubernetes environment provider (its Pulsar admin client), the learner
 * sink with real {@link Federations} (baseline reader and Pulsar client), the decisions page's
 * history and the metric series. Another cluster is left as it was, the model files stay, and the
 * cluster created again under the same name starts afresh.
 */
@ExtendWith(PulsarBrokerExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerClusterDeletionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  KubernetesClient client;
  OperatorHarness h;
  TuneloopOperator operator;
  Federations federations;
  KubernetesEnvironmentProvider environments;
  PulsarAdmin admin;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (environments != null) {
      environments.close();
    }
    if (federations != null) {
      federations.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aDeletedClusterLeavesNothingOpenOrListedAndComesBackCleanly(
      StandaloneBroker broker, @TempDir Path modelDir) throws Exception {
    admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
    FederationTopics topics =
        new FederationTopics("del-" + UUID.randomUUID().toString().substring(0, 8));
    new FederationNamespace(admin)
        .ensure(topics, FederationTopics.AGGREGATOR_SUBSCRIPTION, 1024 * 1024);

    h = new OperatorHarness(client);
    federations =
        new Federations(
            "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8),
            FeatureSchema.v1(),
            Clock.systemUTC());
    LearnerOutcomeSink sink =
        new LearnerOutcomeSink(modelDir, model(), Clock.systemUTC(), Optional.of(federations));
    ObservationHistory history = new ObservationHistory(50);
    environments =
        new KubernetesEnvironmentProvider(
            client,
            plan -> h.telemetry,
            BookieDecommissioner.Addressing.helmChart(),
            Duration.ofSeconds(1),
            Clock.systemUTC());
    h.environments = Optional.of(environments);
    h.federator = sink;
    h.observer = history;
    h.alsoHeld = PerClusterState.all(sink, history);
    operator = h.startOperator(new ScriptedDecisionMaker(r -> Action.noOp()), Optional.empty());

    BrokerClusterSpec spec = ClusterSpecs.valid(broker.webServiceUrl());
    spec.federation.join = true;
    spec.federation.serviceUrl = broker.serviceUrl();
    spec.federation.tenant = topics.tenant();
    BrokerCluster firstC1 = h.createCluster("c1", spec);
    h.createCluster("c2", spec);
    List<String> both = List.of("pulsar/c1", "pulsar/c2");
    awaitFederatedAndObserved("c1");
    awaitFederatedAndObserved("c2");
    assertThat(sink.clustersHeld()).containsAll(both);
    assertThat(environments.clustersHeld()).containsAll(both);
    assertThat(history.clusters()).containsAll(both);
    assertThat(readers(topics)).isEqualTo(2);
    assertThat(federations.openClients()).isOne();
    // The learner's files for c1, as a fine-tune would have left them: user data.
    Path c1Model = Files.createDirectories(modelDir.resolve("pulsar_c1"));
    Path c1Replay = Files.writeString(modelDir.resolve("pulsar_c1-replay.jsonl"), "");

    client.resources(BrokerCluster.class).inNamespace(OperatorHarness.NS).withName("c1").delete();

    await(
        "c1's series gone from /metrics",
        WAIT,
        this::scrape,
        m -> !m.contains("cluster=\"pulsar/c1\""));
    await("c1 let go by the learner", WAIT, sink::clustersHeld, c -> !c.contains("pulsar/c1"));
    assertThat(sink.clustersHeld()).contains("pulsar/c2");
    assertThat(environments.clustersHeld()).containsExactly("pulsar/c2");
    assertThat(history.clusters()).containsExactly("pulsar/c2");
    // c1's baseline reader is closed on the broker's side; c2's still reads through the shared
    // client, which stays open for it.
    await("one reader left on the baselines topic", WAIT, () -> readers(topics), n -> n == 1);
    assertThat(federations.openClients()).isOne();
    assertThat(scrape())
        .contains("tuneloop_replicas{cluster=\"pulsar/c2\",role=\"broker\"} 2.0")
        .contains("tuneloop_mode_info{cluster=\"pulsar/c2\",mode=\"RECOMMEND\"} 1.0");
    assertThat(c1Model).isDirectory();
    assertThat(c1Replay).exists();

    // Created again under the same name (a new uid): it is federated, observed and listed anew.
    BrokerCluster secondC1 = h.createCluster("c1", spec);
    assertThat(secondC1.getMetadata().getUid()).isNotEqualTo(firstC1.getMetadata().getUid());
    awaitFederatedAndObserved("c1");
    assertThat(sink.clustersHeld()).containsAll(both);
    assertThat(history.clusters()).containsAll(both);
    await("two readers again", WAIT, () -> readers(topics), n -> n == 2);

    // With the last federated cluster gone, the shared client is closed too.
    client.resources(BrokerCluster.class).inNamespace(OperatorHarness.NS).delete();
    await("no reader left", WAIT, () -> readers(topics), n -> n == 0);
    await("nothing held", WAIT, sink::clustersHeld, java.util.Set::isEmpty);
    assertThat(federations.openClients()).isZero();
    assertThat(environments.clustersHeld()).isEmpty();
    assertThat(history.clusters()).isEmpty();
    assertThat(scrape()).doesNotContain("cluster=\"pulsar/");
  }

  private void awaitFederatedAndObserved(String name) {
    BrokerCluster bc =
        await(
            name + " federated and reconciled",
            WAIT,
            () -> h.cluster(name),
            c ->
                BrokerClusterReconcilerTest.condition(c, "Federated")
                        .map(f -> "True".equals(f.getStatus()))
                        .orElse(false)
                    && BrokerClusterReconcilerTest.condition(c, "Ready")
                        .map(r -> "True".equals(r.getStatus()))
                        .orElse(false));
    assertThat(bc.getStatus().observedGeneration).isEqualTo(bc.getMetadata().getGeneration());
    await(
        name + "'s series on /metrics",
        WAIT,
        this::scrape,
        m -> m.contains("tuneloop_replicas{cluster=\"pulsar/" + name + "\",role=\"broker\"}"));
  }

  /** Readers on the baselines topic, as the broker counts them. */
  private int readers(FederationTopics topics) {
    try {
      // A Pulsar reader's subscription is named reader-<random>; others (compaction) are not ours.
      return (int)
          admin.topics().getStats(topics.baselines()).getSubscriptions().keySet().stream()
              .filter(s -> s.startsWith("reader-"))
              .count();
    } catch (org.apache.pulsar.client.admin.PulsarAdminException.NotFoundException e) {
      return 0; // the broker removed the topic once nothing used it
    } catch (Exception e) {
      throw new AssertionError("cannot read the stats of " + topics.baselines(), e);
    }
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

  private static PerformanceModel model() {
    return PerformanceModel.initialise(
        new EnsembleConfig(3, List.of(4), 1e-3, 1e-5, 4_242L),
        FeatureSchema.v1(),
        "deletion-test-initial",
        Lineage.baseline("shipped-test"),
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
