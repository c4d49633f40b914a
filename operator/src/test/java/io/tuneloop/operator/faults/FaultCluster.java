package io.tuneloop.operator.faults;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.StatefulSetControllerEmulator;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.spec.SpecValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Helm-chart-shaped Pulsar cluster (2 brokers, 3 bookies) on the Fabric8 mock API server with one
 * BrokerCluster {@value #NAME}, a StatefulSet controller emulator that the test steps by hand, and
 * operator processes built from nothing on demand. Each process has its own Kubernetes client
 * (behind the {@link KillSwitch}), reconciler, loop, actuators and caches; dropping one and
 * starting another is what a killed and restarted operator pod does. Passes are run synchronously,
 * as JOSDK would run them one at a time for one resource.
 */
final class FaultCluster implements AutoCloseable {
  static final String NS = OperatorHarness.NS;
  static final String NAME = "c1";

  /** The test's own view of the API server: the controller's and the assertions' client. */
  final KubernetesClient client;

  final StatefulSetControllerEmulator controller;
  final KillSwitch kill = new KillSwitch();
  private final List<KubernetesClient> processClients = new ArrayList<>();
  private boolean clientRetries = true;

  FaultCluster(KubernetesClient client, BrokerClusterSpec spec) {
    this.client = client;
    OperatorHarness.loadCrds(client);
    HelmChartCluster.create(client, NS, 2, 3);
    controller = new StatefulSetControllerEmulator(client, NS);
    controller.step();
    client
        .resources(BrokerCluster.class)
        .inNamespace(NS)
        .resource(ClusterSpecs.cluster(NS, NAME, spec))
        .create();
  }

  /** A valid spec in Auto mode (no cooldown or settle window, as in the other operator tests). */
  static BrokerClusterSpec autoSpec() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    return spec;
  }

  /**
   * Processes started from now on send each request once: the Fabric8 client's own retry of 5xx
   * answers and I/O errors (10 by default, with backoff) is off, so a fault reaches the operator.
   */
  void withoutClientRetries() {
    clientRetries = false;
  }

  /** A new operator process: nothing shared with an earlier one but the API server. */
  OperatorProcess start(OperatorParts parts) {
    Config config = new ConfigBuilder(client.getConfiguration()).build();
    if (!clientRetries) {
      config.setRequestRetryBackoffLimit(0);
    }
    KubernetesClient c =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kill", kill))
            .build();
    processClients.add(c);
    SpecValidator validator =
        new SpecValidator(
            (ns, name, key) ->
                Optional.ofNullable(c.secrets().inNamespace(ns).withName(name).get())
                    .map(s -> s.getData() == null ? null : s.getData().get(key))
                    .map(v -> new String(Base64.getDecoder().decode(v))));
    PrometheusRegistry registry = new PrometheusRegistry();
    OperatorMetrics metrics = new OperatorMetrics(registry);
    TuningLoop loop =
        new TuningLoop(
            parts.maker(),
            new KubernetesDecisionJournal(c),
            metrics,
            parts.clock(),
            Duration.ofMillis(200));
    BookieDecommissioner.Addressing addressing =
        new BookieDecommissioner.Addressing("cluster.local", 3181, 8000, parts.bookieHttp());
    BrokerClusterReconciler reconciler =
        new BrokerClusterReconciler(
            c,
            validator,
            (plan, generation) ->
                new KubernetesPulsarEnvironment(
                    plan,
                    parts.telemetry().apply(plan),
                    new StatefulSetScaler(c),
                    new RollingConfigActuator(c, parts.replication()),
                    new BookieDecommissioner(
                        c, parts.bookies(), addressing, Duration.ZERO, parts.clock()),
                    parts.dynamic(),
                    parts.clock()),
            loop,
            metrics,
            parts.clock());
    return new OperatorProcess(c, reconciler, registry);
  }

  BrokerCluster cluster() {
    return client.resources(BrokerCluster.class).inNamespace(NS).withName(NAME).get();
  }

  Optional<Condition> condition(String type) {
    BrokerCluster bc = cluster();
    if (bc.getStatus() == null || bc.getStatus().conditions == null) {
      return Optional.empty();
    }
    return bc.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  List<TuningDecision> decisions() {
    return client.resources(TuningDecision.class).inNamespace(NS).list().getItems();
  }

  List<TuningDecision> decisionsIn(Phase... phases) {
    List<Phase> wanted = List.of(phases);
    return decisions().stream()
        .filter(d -> d.getStatus() != null && d.getStatus().phase != null)
        .filter(d -> wanted.contains(d.getStatus().phase))
        .toList();
  }

  StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  Map<String, String> configMap(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get().getData();
  }

  Pod pod(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  boolean claimExists(String name) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(name).get() != null;
  }

  @Override
  public void close() {
    processClients.forEach(KubernetesClient::close);
  }
}
