package io.tuneloop.operator.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.BookKeeperStandIn;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.StatefulSetControllerEmulator;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bookie scale-down through the environment: read-only, stop, decommission, wait for
 * re-replication, delete the volume claims. BookKeeper's HTTP admin API is played by {@link
 * BookKeeperStandIn}, which re-replicates one ledger per query after a decommission.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BookieScaleDownTest {
  static final String NS = "pulsar";
  KubernetesClient client;

  private BookKeeperStandIn bookkeeper;
  private StatefulSetControllerEmulator controller;
  private KubernetesPulsarEnvironment env;

  @BeforeEach
  void cluster() throws IOException {
    bookkeeper = new BookKeeperStandIn();
    HelmChartCluster.create(client, NS, 2, 3);
    controller = new StatefulSetControllerEmulator(client, NS);
    controller.step();
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate(NS, "c1", ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080"))
            .plan()
            .orElseThrow();
    URI bk = bookkeeper.uri();
    BookieHttpAdmin admin = new BookieHttpAdmin(() -> bk, Duration.ofSeconds(5));
    env =
        new KubernetesPulsarEnvironment(
            plan,
            new ScriptedTelemetry(Clock.systemUTC()),
            new StatefulSetScaler(client),
            new RollingConfigActuator(client, admin),
            new BookieDecommissioner(
                client,
                admin,
                new BookieDecommissioner.Addressing("cluster.local", 3181, 8000, Optional.of(bk)),
                Duration.ZERO,
                Clock.systemUTC()),
            null,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    bookkeeper.close();
  }

  private boolean claimExists(String name) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(name).get() != null;
  }

  @Test
  void scaleDownDecommissionsTheHighestBookieSafely() {
    Action.ScaleBookies down = new Action.ScaleBookies(3, 2);
    List<String> steps = new ArrayList<>();
    ApplyOutcome out = null;
    for (int i = 0; i < 30; i++) {
      out = env.apply(down);
      steps.add(out.detail());
      if (out.status() == ApplyOutcome.Status.APPLIED) {
        break;
      }
      controller.step();
    }
    assertThat(out.status()).as("steps: %s", steps).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName(HelmChartCluster.BOOKIE)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    assertThat(client.pods().inNamespace(NS).withName("pulsar-bookie-2").get()).isNull();
    String bookieId = "pulsar-bookie-2.pulsar-bookie.pulsar.svc.cluster.local:3181";
    assertThat(bookkeeper.puts())
        .containsExactly(
            "/api/v1/bookie/state/readonly {\"readOnly\":true}",
            "/api/v1/autorecovery/decommission {\"bookie_src\":\"" + bookieId + "\"}");
    // Not finished while ledgers were still under-replicated.
    assertThat(steps).anyMatch(s -> s.contains("ledgers are under-replicated"));
    assertThat(bookkeeper.underReplicated.get()).isZero();
    assertThat(claimExists("pulsar-bookie-journal-pulsar-bookie-2")).isFalse();
    assertThat(claimExists("pulsar-bookie-ledgers-pulsar-bookie-2")).isFalse();
    assertThat(claimExists("pulsar-bookie-journal-pulsar-bookie-1")).isTrue();
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName(HelmChartCluster.BOOKIE)
                .get()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKeys(
            BookieDecommissioner.ORDINAL_ANNOTATION, BookieDecommissioner.REQUESTED_ANNOTATION);
    // Applying again is a no-op.
    assertThat(env.apply(down).status()).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(bookkeeper.puts()).hasSize(2);
  }

  @Test
  void underReplicatedLedgersRefuseTheScaleDownWithoutTouchingAnything() {
    bookkeeper.underReplicated.set(1000);
    ApplyOutcome out = env.apply(new Action.ScaleBookies(3, 2));
    assertThat(out.status()).isEqualTo(ApplyOutcome.Status.REFUSED);
    assertThat(out.detail()).contains("1000 ledgers are under-replicated");
    assertThat(bookkeeper.puts()).isEmpty();
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace(NS)
                .withName(HelmChartCluster.BOOKIE)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }
}
