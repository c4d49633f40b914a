package io.tuneloop.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.federation.Federations;
import io.tuneloop.operator.federation.OperatorSecret;
import io.tuneloop.operator.local.LoggingEventSink;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidation;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.operator.telemetry.PodScrapeTelemetry;
import io.tuneloop.operator.web.DecisionsHandler;
import io.tuneloop.operator.web.KubernetesDecisionSource;
import io.tuneloop.operator.web.ObservationHistory;
import io.tuneloop.telemetry.features.FeatureSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneloop operator}: runs the operator against the kubeconfig's cluster, or with {@code
 * --local <file.yaml>} runs the same loop for one BrokerCluster without Kubernetes, against its
 * Pulsar admin URL, applying dynamic settings and recording decisions as YAML files.
 *
 * <p>Exit codes: 0 done, 1 runtime failure (model, connection), 2 bad input (file, spec).
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Tuneloop operator: observe, decide, guard, act, record and verify for every"
          + " BrokerCluster in the kubeconfig's cluster.",
      "With --local, run the same loop for one BrokerCluster file without Kubernetes: only"
          + " dynamic broker settings are applied; decisions are written to --decisions-dir."
    })
public final class OperatorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--local",
      paramLabel = "<file.yaml>",
      description = "A BrokerCluster YAML document; run without Kubernetes.")
  Path local;

  @Option(
      names = "--decisions-dir",
      paramLabel = "<dir>",
      defaultValue = "tuneloop-decisions",
      description = "Where --local writes TuningDecision YAML files (default: ${DEFAULT-VALUE}).")
  Path decisionsDir;

  @Option(
      names = "--broker-metrics",
      paramLabel = "<url>",
      description = "A broker metrics URL to scrape in --local mode (repeatable).")
  List<URI> brokerMetrics = new ArrayList<>();

  @Option(
      names = "--bookie-metrics",
      paramLabel = "<url>",
      description = "A bookie metrics URL to scrape in --local mode (repeatable).")
  List<URI> bookieMetrics = new ArrayList<>();

  @Option(
      names = "--token-file",
      paramLabel = "<file>",
      description = "In --local mode, the admin token for a spec that names pulsar.authSecretRef.")
  Path tokenFile;

  @Option(
      names = "--once",
      description = "In --local mode, stop once no decision is in flight after a pass.")
  boolean once;

  @Option(
      names = "--max-passes",
      defaultValue = "0",
      description = "In --local mode, stop after this many passes (0: no limit).")
  int maxPasses;

  @Option(
      names = "--model-dir",
      paramLabel = "<dir>",
      defaultValue = "tuneloop-models",
      description = "Model store directory; the shipped baseline is used while it is empty.")
  Path modelDir;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "<ns>",
      description = "Namespace to watch (repeatable; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--metrics-port",
      defaultValue = "9090",
      description = "Port of the operator's /metrics endpoint; 0 disables it.")
  int metricsPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Take a Lease before reconciling, so replicas can run side by side.")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "<ns>",
      description = "Namespace of the Lease (default: $POD_NAMESPACE, else 'default').")
  String leaseNamespace;

  @Option(
      names = "--identity",
      description = "This replica's identity in the Lease (default: $HOSTNAME).")
  String identity;

  @Option(
      names = "--progress-poll-seconds",
      defaultValue = "10",
      description = "How soon to look again while a change is being carried out.")
  int progressPollSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (local != null) {
      return runLocal(out, err);
    }
    return runOnKubernetes(out, err);
  }

  private int runLocal(PrintWriter out, PrintWriter err) throws Exception {
    BrokerCluster bc;
    try {
      bc = Serialization.unmarshal(Files.readString(local), BrokerCluster.class);
    } catch (IOException | RuntimeException e) {
      err.println("cannot read BrokerCluster from " + local + ": " + e.getMessage());
      return 2;
    }
    if (bc == null || bc.getMetadata() == null || bc.getMetadata().getName() == null) {
      err.println(local + " is not a BrokerCluster with metadata.name");
      return 2;
    }
    String ns = Optional.ofNullable(bc.getMetadata().getNamespace()).orElse("local");
    SpecValidation v =
        new SpecValidator((n, secret, key) -> readToken())
            .validate(ns, bc.getMetadata().getName(), bc.getSpec());
    if (!v.isValid()) {
      err.println("invalid BrokerCluster " + bc.getMetadata().getName() + ":");
      v.problems().forEach(p -> err.println("  - " + p));
      return 2;
    }
    if (brokerMetrics.isEmpty()) {
      err.println("--local needs at least one --broker-metrics URL");
      return 2;
    }
    ClusterPlan plan = v.plan().orElseThrow();
    LocalOperator.Settings settings =
        new LocalOperator.Settings(
            plan,
            brokerMetrics,
            bookieMetrics,
            decisionsDir,
            modelDir,
            Duration.ofSeconds(progressPollSeconds),
            Optional.empty(),
            metricsPort > 0
                ? Optional.of(new LocalOperator.Http(Optional.empty(), metricsPort))
                : Optional.empty(),
            new LoggingEventSink(plan.name(), new PrintStream(System.out, true)));
    LocalOperator operator;
    try {
      operator = LocalOperator.start(settings);
    } catch (IOException | RuntimeException e) {
      // No model, no admin client, or the metrics port is taken: nothing was started.
      err.println("cannot start the local loop: " + e.getMessage());
      return 1;
    }
    try (operator) {
      out.println("model: " + operator.model());
      operator.limits().forEach(l -> out.println("local mode: " + l));
      operator
          .pageUrl()
          .ifPresent(u -> out.println("decisions page: " + u + " (metrics on /metrics)"));
      out.flush();
      operator.run(
          maxPasses,
          once,
          r -> {
            out.println("pass " + operator.passes() + ": " + r.summary());
            r.telemetryProblem().ifPresent(p -> out.println("  telemetry: " + p));
            out.flush();
          });
    }
    return 0;
  }

  private Optional<String> readToken() {
    if (tokenFile == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(tokenFile).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private int runOnKubernetes(PrintWriter out, PrintWriter err) throws Exception {
    PlannerDecisionMaker maker;
    try {
      maker = PlannerDecisionMaker.fromStore(modelDir);
    } catch (RuntimeException e) {
      err.println("no usable model: " + e.getMessage());
      return 1;
    }
    out.println("model: " + maker.describe());
    PrometheusRegistry registry = new PrometheusRegistry();
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Clock clock = Clock.systemUTC();
    ObservationHistory history = new ObservationHistory(720);
    byte[] secret = OperatorSecret.loadOrCreate(modelDir.resolve("federation-secret"));
    try (Federations federations = new Federations(secret, FeatureSchema.v1(), clock);
        KubernetesClient client = new KubernetesClientBuilder().build();
        HTTPServer ignored =
            metricsServer(
                registry,
                new DecisionsHandler(
                    new KubernetesDecisionSource(client, namespaces), history, clock));
        KubernetesEnvironmentProvider envs =
            new KubernetesEnvironmentProvider(
                client,
                plan -> PodScrapeTelemetry.forPlan(client, plan, clock),
                BookieDecommissioner.Addressing.helmChart(),
                Duration.ofMinutes(2),
                clock)) {
      SpecValidator validator =
          new SpecValidator(
              (ns, name, key) ->
                  Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get())
                      .map(s -> s.getData() == null ? null : s.getData().get(key))
                      .map(b64 -> new String(Base64.getDecoder().decode(b64))));
      LearnerOutcomeSink sink =
          new LearnerOutcomeSink(modelDir, maker.model(), clock, Optional.of(federations));
      TuningLoop loop =
          new TuningLoop(
              maker.withModels(sink::modelFor),
              new KubernetesDecisionJournal(client),
              metrics,
              clock,
              Duration.ofSeconds(progressPollSeconds),
              sink,
              history);
      BrokerClusterReconciler reconciler =
          new BrokerClusterReconciler(
              client,
              validator,
              envs,
              loop,
              metrics,
              clock,
              sink,
              PerClusterState.all(sink, history, loop));
      Optional<TuneloopOperator.LeaderElection> election =
          leaderElection
              ? Optional.of(
                  TuneloopOperator.LeaderElection.defaults(
                      Optional.ofNullable(leaseNamespace)
                          .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
                          .orElse("default"),
                      Optional.ofNullable(identity)
                          .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
                          .orElse("tuneloop-" + ProcessHandle.current().pid())))
              : Optional.empty();
      CountDownLatch stopped = new CountDownLatch(1);
      try (TuneloopOperator operator =
          new TuneloopOperator(client, reconciler, new HashSet<>(namespaces), election)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "tuneloop-shutdown"));
        operator.start();
        out.println(
            "operator started"
                + (namespaces.isEmpty() ? " for all namespaces" : " for " + namespaces)
                + (metricsPort > 0
                    ? "; metrics on :"
                        + metricsPort
                        + "/metrics, decisions page on :"
                        + metricsPort
                        + "/decisions"
                    : ""));
        out.flush();
        stopped.await();
      }
    }
    return 0;
  }

  /** {@code /metrics}, with the decisions page on every other path of the same port. */
  private HTTPServer metricsServer(PrometheusRegistry registry, DecisionsHandler page)
      throws IOException {
    if (metricsPort <= 0) {
      return null;
    }
    return HTTPServer.builder()
        .port(metricsPort)
        .registry(registry)
        .defaultHandler(page)
        .buildAndStart();
  }
}
