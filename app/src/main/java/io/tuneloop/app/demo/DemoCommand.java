package io.tuneloop.app.demo;

import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.StandaloneBrokerConfig;
import io.tuneloop.operator.cli.LocalOperator;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.BrokerClusterSpec.KnobBound;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidation;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneloop demo}: Tuneloop tuning a real Pulsar broker on this machine. It starts a
 * standalone broker and bookie, drives them on a roller-coaster load, and runs the operator's loop
 * in Auto mode with the shipped baseline model: dynamic settings through the admin API, bookie
 * journal settings by restarting the broker. It serves the decisions page and prints a live summary
 * until Ctrl-C or {@code --duration}, then stops everything it started and deletes its files.
 *
 * <p>Exit codes: 0 done, 1 runtime failure (broker, model, port), 2 bad input.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Tune a real local Pulsar broker under a roller-coaster load, in Auto mode with the shipped"
          + " baseline model, and serve the decisions page. Ctrl-C stops it and removes"
          + " everything it started."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "<time>",
      converter = DurationConverter.class,
      description = "Stop by itself after this long, e.g. 90s, 10m, 1h (default: until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description =
          "Port of the decisions page and /metrics on 127.0.0.1; 0 for any free port"
              + " (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--keep-dir",
      description = "Keep the demo's directory (decisions, models, broker log) at the end.")
  boolean keepDir;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the load pattern (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--refresh-seconds",
      defaultValue = "2",
      description = "How often the summary line is refreshed (default: ${DEFAULT-VALUE}).")
  int refreshSeconds;

  @Option(
      names = "--work-root",
      hidden = true,
      paramLabel = "<dir>",
      description = "Where the demo's temporary directory is made (default: java.io.tmpdir).")
  Path workRoot;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("--port=" + port + " is outside [0, 65535]");
      return 2;
    }
    if (refreshSeconds < 1) {
      err.println("--refresh-seconds=" + refreshSeconds + " must be >= 1");
      return 2;
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      err.println("--duration=" + duration + " must be positive");
      return 2;
    }
    Path root = workRoot != null ? workRoot : Path.of(System.getProperty("java.io.tmpdir"));
    Path work = Files.createTempDirectory(Files.createDirectories(root), "tuneloop-demo-");
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch cleanedUp = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                // Give the main thread time to stop the loop, the load and the broker in order.
                cleanedUp.await(90, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tuneloop-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(out, err, work, stop);
    } finally {
      stop.countDown();
      if (!keepDir) {
        deleteRecursively(work);
      } else {
        out.println("kept " + work);
      }
      out.flush();
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down (Ctrl-C): the hook is running and has just been released.
      }
    }
  }

  private int run(PrintWriter out, PrintWriter err, Path work, CountDownLatch stop)
      throws Exception {
    out.println("tuneloop demo: working in " + work);
    out.println("starting a real Pulsar 4.0.7 standalone broker and bookie (20-40 s)...");
    out.flush();
    StandaloneBroker broker;
    try {
      broker =
          StandaloneBroker.start(
              StandaloneBrokerConfig.builder()
                  .dataDir(work.resolve("broker"))
                  .setting("journalMaxGroupWaitMSec", "1")
                  .startTimeout(Duration.ofSeconds(180))
                  .build());
    } catch (RuntimeException e) {
      err.println("the broker did not start: " + e.getMessage());
      return 1;
    }
    try (broker) {
      if (stop.getCount() == 0) {
        return 0;
      }
      out.println(
          "broker ready in "
              + broker.lastStartDuration().toSeconds()
              + " s: "
              + broker.serviceUrl());
      out.println(
          "load: a roller-coaster of climbs, spikes and drops on 2 topics, messages from 16 B"
              + " to 1 MiB (seed "
              + seed
              + ")");
      out.flush();
      try (RollerCoasterLoad load =
          new RollerCoasterLoad(broker.serviceUrl(), new RollerCoaster(seed)).start()) {
        // The first observation should see the load, not an idle broker.
        if (stop.await(10, TimeUnit.SECONDS)) {
          return 0;
        }
        LocalOperator operator;
        try {
          operator = LocalOperator.start(settings(broker, work, stop, out));
        } catch (BindException e) {
          err.println("port " + port + " is taken (" + e.getMessage() + "); try --port 0");
          return 1;
        } catch (IOException | RuntimeException e) {
          err.println("cannot start the loop: " + e.getMessage());
          return 1;
        }
        try (operator) {
          return loop(out, operator, load, stop);
        }
      }
    }
  }

  private LocalOperator.Settings settings(
      StandaloneBroker broker, Path work, CountDownLatch stop, PrintWriter out) {
    return new LocalOperator.Settings(
        plan(broker.webServiceUrl()),
        List.of(URI.create(broker.brokerMetricsUrl())),
        List.of(URI.create(broker.bookieMetricsUrl())),
        work.resolve("decisions"),
        work.resolve("models"),
        Duration.ofSeconds(2),
        Optional.of(new LocalBrokerRestarts(broker, () -> stop.getCount() == 0)),
        Optional.of(new LocalOperator.Http(Optional.of("127.0.0.1"), port)),
        (warning, reason, message) ->
            printEvent(out, (warning ? "Warning " : "Normal ") + reason + ": " + message));
  }

  private int loop(
      PrintWriter out, LocalOperator operator, RollerCoasterLoad load, CountDownLatch stop)
      throws InterruptedException {
    out.println("model: " + operator.model());
    operator.limits().forEach(l -> out.println("local mode: " + l));
    out.println("decisions page: " + operator.pageUrl().orElseThrow());
    out.println(
        "mode Auto; the loop observes every "
            + operator.plan().interval().toSeconds()
            + " s. Ctrl-C stops the demo"
            + (duration == null ? "" : "; it stops by itself after " + duration.toSeconds() + " s")
            + ".");
    out.flush();
    AtomicReference<ClusterSnapshot> seen = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread passes =
        new Thread(
            () -> {
              try {
                operator.run(0, false, r -> r.snapshot().ifPresent(seen::set));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failure.set(e);
                stop.countDown();
              }
            },
            "tuneloop-demo-loop");
    passes.setDaemon(true);
    passes.start();
    DemoSummary summary = new DemoSummary(operator.plan().bounds().allowedKnobs().keySet());
    boolean tty = tty();
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    long lastLine = 0;
    try {
      while (!stop.await(refreshSeconds, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        List<TuningDecision> decisions;
        try {
          decisions = operator.decisions();
        } catch (RuntimeException e) {
          decisions = List.of();
        }
        String line =
            summary.line(
                elapsed,
                load.current(),
                Optional.ofNullable(seen.get()),
                operator.passes(),
                decisions);
        if (tty) {
          int width = columns();
          String shown = line.length() > width ? line.substring(0, width - 1) + "…" : line;
          out.print("\r" + shown + " ".repeat(Math.max(0, width - 1 - shown.length())));
          out.flush();
        } else if (System.nanoTime() - lastLine >= TimeUnit.SECONDS.toNanos(10)) {
          out.println(line);
          out.flush();
          lastLine = System.nanoTime();
        }
      }
    } finally {
      if (tty) {
        out.println();
      }
      out.println("stopping: the loop, the load, the page and the broker...");
      out.flush();
      // Publishing stops at once; the clients drain while the loop finishes its pass.
      load.stop();
      operator.stop();
      // A pass may be in the middle of a broker restart; let it finish.
      passes.join(120_000);
    }
    out.println(
        "done: "
            + operator.passes()
            + " passes, "
            + operator.decisions().size()
            + " decisions, "
            + load.phasesStarted()
            + " load phases");
    if (failure.get() != null) {
      out.println("the loop failed: " + failure.get());
      return 1;
    }
    return 0;
  }

  /** The demo's cluster: one broker and one bookie here, Auto mode, short windows. */
  static ClusterPlan plan(String adminUrl) {
    BrokerClusterSpec s = new BrokerClusterSpec();
    s.pulsar = new BrokerClusterSpec.PulsarConnection();
    s.pulsar.adminUrl = adminUrl;
    s.workloads.release = "demo";
    s.objectives = new BrokerClusterSpec.Objectives();
    s.objectives.publishLatencyP99Ms = 50.0;
    s.bounds = new BrokerClusterSpec.Bounds();
    // As a real cluster would allow; the local environment narrows replicas to what runs here.
    s.bounds.minBrokers = 1;
    s.bounds.maxBrokers = 3;
    s.bounds.minBookies = 1;
    s.bounds.maxBookies = 3;
    s.bounds.knobs =
        new ArrayList<>(
            List.of(
                new KnobBound("journalMaxGroupWaitMSec", 0, 20),
                new KnobBound("journalFlushWhenQueueEmpty", 0, 1),
                new KnobBound("managedLedgerCacheSizeMB", 16, 256),
                new KnobBound("managedLedgerCacheEvictionTimeThresholdMillis", 100, 10_000),
                new KnobBound("dispatcherMaxReadBatchSize", 10, 1_000),
                new KnobBound("dispatcherMaxRoundRobinBatchSize", 1, 100)));
    s.mode = BrokerClusterSpec.Mode.Auto;
    s.telemetry.intervalSeconds = 10;
    s.guardrails.cooldownSeconds = 20;
    s.guardrails.settleWindowSeconds = 20;
    s.guardrails.maxRestartsPerHour = 12;
    s.guardrails.rollbackThresholdPercent = 50.0;
    s.guardrails.maxRollbacksPerHour = 4;
    s.guardrails.maxTelemetryAgeSeconds = 120;
    // One standalone JVM reports fewer series than a Helm-deployed cluster.
    s.guardrails.minTelemetryCompleteness = 0.3;
    s.guardrails.decisionHistory = 500;
    SpecValidation v =
        new SpecValidator((ns, name, key) -> Optional.empty()).validate("local", "demo", s);
    if (!v.isValid()) {
      throw new IllegalStateException("the demo's own BrokerCluster is invalid: " + v.problems());
    }
    return v.plan().orElseThrow();
  }

  /** An event on its own line; on a terminal it replaces the summary line, which is redrawn. */
  private static void printEvent(PrintWriter out, String event) {
    if (tty()) {
      int width = columns();
      out.println("\r" + event + " ".repeat(Math.max(0, width - 1 - event.length())));
    } else {
      out.println(event);
    }
    out.flush();
  }

  /** Whether the summary can redraw one line (a terminal), or prints a line per interval. */
  private static boolean tty() {
    return System.console() != null;
  }

  private static int columns() {
    try {
      return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "160")));
    } catch (NumberFormatException e) {
      return 160;
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration such as {@code PT90S}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt") || v.startsWith("p")) {
          return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new IllegalArgumentException(value);
        };
      } catch (RuntimeException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration; expected e.g. 90s, 10m, 1h or PT90S");
      }
    }
  }
}
