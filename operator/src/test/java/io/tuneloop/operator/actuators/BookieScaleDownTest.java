package io.tuneloop.operator.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bookie scale-down through the environment: read-only, stop, decommission, wait for
 * re-replication, delete the volume claims. BookKeeper's HTTP admin API is played by a small server
 * that answers as BookKeeper 4.17 does (a 404 "No under replicated ledgers found" when there are
 * none) and re-replicates one ledger per query after a decommission.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BookieScaleDownTest {
  static final String NS = "pulsar";
  KubernetesClient client;

  private HttpServer bookkeeper;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger underReplicated = new AtomicInteger();
  private StatefulSetControllerEmulator controller;
  private KubernetesPulsarEnvironment env;

  @BeforeEach
  void cluster() throws IOException {
    bookkeeper = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bookkeeper.createContext("/", this::answer);
    bookkeeper.start();
    HelmChartCluster.create(client, NS, 2, 3);
    controller = new StatefulSetControllerEmulator(client, NS);
    controller.step();
    ClusterPlan plan =
        new SpecValidator((n, s, k) -> Optional.empty())
            .validate(NS, "c1", ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080"))
            .plan()
            .orElseThrow();
    URI bk = URI.create("http://127.0.0.1:" + bookkeeper.getAddress().getPort());
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
    bookkeeper.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(ex.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body));
    int code = 200;
    String reply = "";
    if (path.equals("/api/v1/autorecovery/list_under_replicated_ledger")) {
      int n = underReplicated.get();
      if (n == 0) {
        code = 404;
        reply = "No under replicated ledgers found";
      } else {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ids.add(Integer.toString(100 + i));
        }
        reply = "[" + String.join(",", ids) + "]";
        underReplicated.decrementAndGet(); // the auditor's replication worker makes progress
      }
    } else if (path.equals("/api/v1/autorecovery/decommission")) {
      underReplicated.set(3); // the audit marks the stopped bookie's ledgers
      reply = "Success send decommission Bookie command " + body;
    }
    byte[] b = reply.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Connection", "close");
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
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
    List<String> puts = calls.stream().filter(c -> c.startsWith("PUT")).toList();
    assertThat(puts)
        .containsExactly(
            "PUT /api/v1/bookie/state/readonly {\"readOnly\":true}",
            "PUT /api/v1/autorecovery/decommission {\"bookie_src\":\"" + bookieId + "\"}");
    // Not finished while ledgers were still under-replicated.
    assertThat(steps).anyMatch(s -> s.contains("ledgers are under-replicated"));
    assertThat(underReplicated.get()).isZero();
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
    assertThat(calls.stream().filter(c -> c.startsWith("PUT")).count()).isEqualTo(2);
  }

  @Test
  void underReplicatedLedgersRefuseTheScaleDownWithoutTouchingAnything() {
    underReplicated.set(1000);
    ApplyOutcome out = env.apply(new Action.ScaleBookies(3, 2));
    assertThat(out.status()).isEqualTo(ApplyOutcome.Status.REFUSED);
    assertThat(out.detail()).contains("1000 ledgers are under-replicated");
    assertThat(calls).noneMatch(c -> c.startsWith("PUT"));
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
