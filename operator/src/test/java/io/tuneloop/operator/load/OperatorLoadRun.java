package io.tuneloop.operator.load;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.StatefulSetControllerEmulator;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.cli.LearnerOutcomeSink;
import io.tuneloop.operator.cli.PlannerDecisionMaker;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.EnvironmentProvider;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.SpecValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One operator replica (JOSDK, the real reconciler, the planner over the shipped DL4J baseline, the
 * tuning loop, the learner and the actuators) reconciling many BrokerClusters, each in its own
 * namespace with a Helm-chart-shaped Pulsar cluster, on one Fabric8 mock API server (in a process
 * of its own, {@link MockApiServerProcess}, with the StatefulSet controller emulators) with
 * simulated telemetry, for a bounded time. Prints and writes (Markdown) what it measured: resident
 * memory from /proc/self/status, reconcile latency, reconcile errors, decisions.
 *
 * <p>Run it in a JVM shaped like the operator's pod ({@code OperatorLoadTest} does): {@code
 * -Xmx384m}, {@code OMP_NUM_THREADS=1}, {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}.
 * Properties: {@code tuneloop.load.clusters} (50), {@code tuneloop.load.seconds} (120), {@code
 * tuneloop.load.report} (target/load-report.md).
 */
public final class OperatorLoadRun {
  private final int clusters;
  private final Duration duration;
  private final Path report;
  private final Clock clock = Clock.systemUTC();

  OperatorLoadRun(int clusters, Duration duration, Path report) {
    this.clusters = clusters;
    this.duration = duration;
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    OperatorLoadRun run =
        new OperatorLoadRun(
            Integer.getInteger("tuneloop.load.clusters", 50),
            Duration.ofSeconds(Long.getLong("tuneloop.load.seconds", 120)),
            Path.of(System.getProperty("tuneloop.load.report", "target/load-report.md")));
    int errors = run.run();
    // Non-daemon threads of the mock server and JOSDK must not keep the run alive.
    System.exit(errors == 0 ? 0 : 3);
  }

  static String namespace(int i) {
    return String.format(Locale.ROOT, "load-%02d", i);
  }

  int run() throws Exception {
    long rssStart = procStatusKb("VmRSS");
    ApiServer api = ApiServer.start(clusters);
    ScheduledExecutorService background = Executors.newScheduledThreadPool(1);
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(api.url())
                    .withTrustCerts(true)
                    .withNamespace("default")
                    .build())
            .build()) {
      Set<String> namespaces = new LinkedHashSet<>();
      for (int i = 0; i < clusters; i++) {
        namespaces.add(namespace(i));
      }

      long modelStart = System.nanoTime();
      Path modelDir = Files.createTempDirectory("tuneloop-load-models");
      PlannerDecisionMaker maker = PlannerDecisionMaker.fromStore(modelDir);
      double modelLoadSeconds = (System.nanoTime() - modelStart) / 1e9;
      long rssModel = procStatusKb("VmRSS");

      Map<String, VaryingTelemetry> telemetry = new ConcurrentHashMap<>();
      OperatorMetrics metrics = new OperatorMetrics(new PrometheusRegistry());
      EnvironmentProvider environments =
          (plan, generation) ->
              new KubernetesPulsarEnvironment(
                  plan,
                  telemetry.computeIfAbsent(
                      plan.clusterId(),
                      id ->
                          new VaryingTelemetry(
                              id,
                              clock,
                              2 * Math.PI * (id.hashCode() % 97) / 97.0,
                              Duration.ofSeconds(60 + Math.floorMod(id.hashCode(), 60)))),
                  new StatefulSetScaler(client),
                  new RollingConfigActuator(client, () -> OptionalLong.of(0)),
                  new BookieDecommissioner(
                      client,
                      new BookieHttpAdmin(
                          () -> URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)),
                      BookieDecommissioner.Addressing.helmChart(),
                      Duration.ofSeconds(1),
                      clock),
                  null,
                  clock);
      LearnerOutcomeSink learner = new LearnerOutcomeSink(modelDir, maker.model(), clock);
      TuningLoop loop =
          new TuningLoop(
              maker.withModels(learner::modelFor),
              new KubernetesDecisionJournal(client),
              metrics,
              clock,
              Duration.ofSeconds(1),
              learner);
      SpecValidator validator = new SpecValidator((ns, name, key) -> Optional.empty());
      TimedReconciler reconciler =
          new TimedReconciler(client, validator, environments, loop, metrics, clock, learner);

      AtomicLong peakRss = new AtomicLong(procStatusKb("VmRSS"));
      background.scheduleWithFixedDelay(
          () -> peakRss.accumulateAndGet(procStatusKb("VmRSS"), Math::max), 1, 1, TimeUnit.SECONDS);
      long started = System.nanoTime();
      List<String> runErrors = new ArrayList<>();
      try (TuneloopOperator operator =
          new TuneloopOperator(client, reconciler, namespaces, Optional.empty())) {
        operator.start();
        int i = 0;
        for (String ns : namespaces) {
          BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker." + ns + ".svc:8080");
          spec.telemetry.intervalSeconds = 10;
          spec.mode =
              switch (i++ % 3) {
                case 0 -> BrokerClusterSpec.Mode.Auto;
                case 1 -> BrokerClusterSpec.Mode.Recommend;
                default -> BrokerClusterSpec.Mode.Observe;
              };
          client
              .resources(BrokerCluster.class)
              .inNamespace(ns)
              .resource(ClusterSpecs.cluster(ns, "pulsar", spec))
              .create();
        }
        Thread.sleep(duration.toMillis());
        // Counted here, before the operator stops: stopping interrupts the reconciles in flight,
        // and their InterruptedIOExceptions are the shutdown's, not the load's.
        runErrors.addAll(reconciler.errors());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long rssEnd = procStatusKb("VmRSS");
      peakRss.accumulateAndGet(rssEnd, Math::max);

      int ready = 0;
      Map<String, Integer> phases = new java.util.TreeMap<>();
      int decisions = 0;
      for (String ns : namespaces) {
        BrokerCluster bc =
            client.resources(BrokerCluster.class).inNamespace(ns).withName("pulsar").get();
        if (bc.getStatus() != null
            && bc.getStatus().conditions != null
            && bc.getStatus().conditions.stream()
                .anyMatch(
                    (Condition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
          ready++;
        }
        for (TuningDecision d :
            client.resources(TuningDecision.class).inNamespace(ns).list().getItems()) {
          decisions++;
          String phase =
              d.getStatus() == null || d.getStatus().phase == null
                  ? "none"
                  : d.getStatus().phase.name();
          phases.merge(phase, 1, Integer::sum);
        }
      }
      int restarts = api.stop();

      List<Long> nanos = reconciler.durationsNanos();
      Collections.sort(nanos);
      List<String> errors = runErrors;
      String text =
          report(
              seconds,
              rssStart,
              rssModel,
              rssEnd,
              peakRss.get(),
              modelLoadSeconds,
              maker.describe(),
              nanos,
              errors,
              ready,
              decisions,
              phases,
              restarts);
      System.out.println(text);
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, text);
      deleteRecursively(modelDir);
      return errors.size();
    } finally {
      background.shutdownNow();
      api.close();
    }
  }

  /**
   * {@link MockApiServerProcess} running beside this JVM (same class path, a heap of its own), so
   * that the memory this run reports is the operator's, not the API server's and the controllers'.
   */
  private record ApiServer(Process process, BufferedReader out, String url)
      implements AutoCloseable {
    static ApiServer start(int clusters) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.add("-XX:+UseSerialGC");
      for (String p : List.of("java.util.logging.config.file", "tuneloop.crds.dir")) {
        String v = System.getProperty(p);
        if (v != null) {
          command.add("-D" + p + "=" + v);
        }
      }
      command.add("-Dtuneloop.load.clusters=" + clusters);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(MockApiServerProcess.class.getName());
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("url=")) {
          return new ApiServer(p, out, line.substring("url=".length()));
        }
        System.out.println("api server: " + line);
      }
      p.destroyForcibly();
      throw new IOException("the mock API server process ended before it was ready");
    }

    /** Stops the process and returns the pods its controllers restarted for applied changes. */
    int stop() throws IOException, InterruptedException {
      process.getOutputStream().write('\n');
      process.getOutputStream().flush();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("restarts=")) {
          process.waitFor(10, TimeUnit.SECONDS);
          return Integer.parseInt(line.substring("restarts=".length()));
        }
      }
      throw new IOException("the mock API server process ended without reporting its restarts");
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private String report(
      double seconds,
      long rssStart,
      long rssModel,
      long rssEnd,
      long rssPeak,
      double modelLoadSeconds,
      String model,
      List<Long> nanos,
      List<String> errors,
      int ready,
      int decisions,
      Map<String, Integer> phases,
      int restarts) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Operator load run\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%d BrokerClusters (one namespace each, Helm-chart-shaped, 2 brokers and 3 bookies;"
                + " a third each in Auto, Recommend and Observe; telemetry interval 10 s) on one"
                + " Fabric8 mock API server in a process of its own (so the memory below is the"
                + " operator's alone), one operator replica, for %.0f s.%n%n",
            clusters,
            seconds));
    sb.append("| measure | value |\n|---|---|\n");
    row(sb, "reconciles", String.valueOf(nanos.size()));
    row(sb, "reconcile errors (exceptions out of the reconciler)", String.valueOf(errors.size()));
    row(sb, "clusters Ready=True at the end", ready + " of " + clusters);
    row(sb, "reconcile latency p50", ms(percentile(nanos, 0.50)));
    row(sb, "reconcile latency p99", ms(percentile(nanos, 0.99)));
    row(sb, "reconcile latency max", ms(nanos.isEmpty() ? 0 : nanos.get(nanos.size() - 1)));
    row(sb, "RSS at JVM start (VmRSS)", mb(rssStart));
    row(sb, "RSS after the DL4J baseline loaded", mb(rssModel));
    row(sb, "RSS peak, sampled every second", mb(rssPeak));
    row(sb, "RSS at the end", mb(rssEnd));
    row(sb, "RSS high-water mark (VmHWM)", mb(procStatusKb("VmHWM")));
    row(
        sb,
        "Java heap used at the end / max",
        mb((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024)
            + " / "
            + mb(Runtime.getRuntime().maxMemory() / 1024));
    row(sb, "model", model);
    row(sb, "model load time", String.format(Locale.ROOT, "%.1f s", modelLoadSeconds));
    row(sb, "TuningDecisions recorded (by phase)", decisions + " " + phases);
    row(sb, "pods restarted by applied changes", String.valueOf(restarts));
    sb.append("\nMachine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (")
        .append(cpuModel())
        .append("), Java ")
        .append(System.getProperty("java.version"))
        .append(", JVM flags ")
        .append(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-Dorg.bytedeco"))
                .collect(Collectors.joining(" ")))
        .append(", OMP_NUM_THREADS=")
        .append(System.getenv("OMP_NUM_THREADS"))
        .append(".\n");
    if (!errors.isEmpty()) {
      sb.append("\nErrors:\n");
      errors.stream().limit(20).forEach(e -> sb.append("- ").append(e).append('\n'));
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, String value) {
    sb.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String mb(long kb) {
    return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  /** A field of /proc/self/status in kB (VmRSS, VmHWM), or -1 where there is no /proc. */
  static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static void stepQuietly(StatefulSetControllerEmulator c) {
    try {
      c.step();
    } catch (RuntimeException e) {
      // A step that lost a race with the operator is redone on the next tick.
    }
  }
}
