package io.tuneloop.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.federation.ClusterFederator;
import io.tuneloop.operator.loop.DecisionMaker;
import io.tuneloop.operator.loop.OutcomeSink;
import io.tuneloop.operator.loop.PassObserver;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.EnvironmentProvider;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.SpecValidator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Helm-chart-shaped Pulsar cluster on the Fabric8 mock API server (CRUD mode, the checked-in CRDs
 * loaded), a StatefulSet controller emulator running every 50 ms, scripted telemetry, and helpers
 * to run the real operator (JOSDK, reconciler, loop, actuators) against it.
 */
public final class OperatorHarness implements AutoCloseable {
  /** How reconciled clusters join their federation; none unless a test sets one. */
  public ClusterFederator federator = ClusterFederator.NONE;

  /** Told about every pass; none unless a test sets one. */
  public PassObserver observer = PassObserver.none();

  /** What else holds per-cluster state, forgotten when a cluster is deleted; none unless set. */
  public PerClusterState alsoHeld = PerClusterState.NONE;

  /** Builds the clusters' environments instead of the scripted one below, when a test sets it. */
  public Optional<EnvironmentProvider> environments = Optional.empty();

  public static final String NS = "pulsar";

  public final KubernetesClient client;
  public final ScriptedTelemetry telemetry = new ScriptedTelemetry(Clock.systemUTC());
  public final StatefulSetControllerEmulator controller;
  public final PrometheusRegistry registry = new PrometheusRegistry();
  public final OperatorMetrics metrics = new OperatorMetrics(registry);
  private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();

  /**
   * The clusters ({@code namespace/name}) an environment was built for: in production that builds a
   * Pulsar admin client, so a cluster that must cause no admin call must never appear here.
   */
  public final Set<String> environmentsBuiltFor =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public OperatorHarness(KubernetesClient client) {
    this.client = client;
    loadCrds(client);
    HelmChartCluster.create(client, NS, 2, 3);
    controller = new StatefulSetControllerEmulator(client, NS);
    controller.step();
    exec.scheduleWithFixedDelay(this::stepQuietly, 50, 50, TimeUnit.MILLISECONDS);
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("pulsar-token")
                .withNamespace(NS)
                .endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString("jwt".getBytes()))
                .build())
        .create();
  }

  private volatile boolean paused;

  /** Stops the background controller; tests then drive it with {@code controller.step()}. */
  public void pauseController() {
    paused = true;
  }

  public void resumeController() {
    paused = false;
  }

  private void stepQuietly() {
    if (paused) {
      return;
    }
    try {
      controller.step();
    } catch (RuntimeException e) {
      // The mock closes under the emulator at the end of a test.
    }
  }

  public static void loadCrds(KubernetesClient client) {
    Path dir = Path.of(System.getProperty("tuneloop.crds.dir", "../crds"));
    for (String f :
        List.of("brokerclusters.tuneloop.io-v1.yml", "tuningdecisions.tuneloop.io-v1.yml")) {
      try (InputStream in = Files.newInputStream(dir.resolve(f))) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new IllegalStateException("cannot load CRD " + f, e);
      }
    }
  }

  /** The reconciler wired to this cluster with real actuators and scripted telemetry. */
  public BrokerClusterReconciler reconciler(DecisionMaker maker) {
    SpecValidator validator =
        new SpecValidator(
            (ns, name, key) ->
                Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get())
                    .map(s -> s.getData() == null ? null : s.getData().get(key))
                    .map(v -> new String(Base64.getDecoder().decode(v))));
    EnvironmentProvider envs =
        (plan, generation) -> {
          environmentsBuiltFor.add(plan.namespace() + "/" + plan.name());
          return new KubernetesPulsarEnvironment(
              plan,
              telemetry,
              new StatefulSetScaler(client),
              new RollingConfigActuator(client, () -> OptionalLong.of(0)),
              new BookieDecommissioner(
                  client,
                  new BookieHttpAdmin(
                      () -> URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)),
                  BookieDecommissioner.Addressing.helmChart(),
                  Duration.ofSeconds(1),
                  Clock.systemUTC()),
              null,
              Clock.systemUTC());
        };
    if (environments.isPresent()) {
      envs = environments.get();
    }
    TuningLoop loop =
        new TuningLoop(
            maker,
            new KubernetesDecisionJournal(client),
            metrics,
            Clock.systemUTC(),
            Duration.ofMillis(200),
            OutcomeSink.none(),
            observer);
    return new BrokerClusterReconciler(
        client, validator, envs, loop, metrics, Clock.systemUTC(), federator, alsoHeld);
  }

  public TuneloopOperator startOperator(
      DecisionMaker maker, Optional<TuneloopOperator.LeaderElection> leaderElection) {
    TuneloopOperator op =
        new TuneloopOperator(client, reconciler(maker), Set.of(NS), leaderElection);
    op.start();
    return op;
  }

  public BrokerCluster createCluster(String name, BrokerClusterSpec spec) {
    return client
        .resources(BrokerCluster.class)
        .inNamespace(NS)
        .resource(ClusterSpecs.cluster(NS, name, spec))
        .create();
  }

  public BrokerCluster cluster(String name) {
    return client.resources(BrokerCluster.class).inNamespace(NS).withName(name).get();
  }

  public List<TuningDecision> decisions() {
    return client.resources(TuningDecision.class).inNamespace(NS).list().getItems();
  }

  public List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  public int replicas(String sts) {
    return client.apps().statefulSets().inNamespace(NS).withName(sts).get().getSpec().getReplicas();
  }

  public static <T> T await(String what, Duration timeout, Supplier<T> get, Predicate<T> until) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = get.get();
      if (last != null && until.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + "; last: " + last);
  }

  public TuningDecision awaitDecision(String what, Predicate<TuningDecision> p) {
    return await(
        what,
        Duration.ofSeconds(30),
        () -> decisions().stream().filter(p).findFirst().orElse(null),
        d -> true);
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
