package io.tuneloop.operator.cli;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.local.LocalPulsarEnvironment;
import io.tuneloop.operator.local.LocalTelemetry;
import io.tuneloop.operator.local.RestartActuator;
import io.tuneloop.operator.loop.EventSink;
import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.web.DecisionsHandler;
import io.tuneloop.operator.web.ObservationHistory;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pulsar.client.admin.PulsarAdmin;

/**
 * The operator's loop for one cluster without Kubernetes ({@code operator --local} and {@code
 * demo}): the planner over the model store (the shipped baseline while it is empty), the learner,
 * decisions as YAML files, the cluster's admin API and metrics endpoints, and optionally the {@code
 * /metrics} endpoint with the decisions page beside it.
 *
 * <p>The cluster's bounds are narrowed to what a local environment can do (see {@link
 * LocalPulsarEnvironment#applicable}), so the planner never proposes a change that cannot happen;
 * {@link #limits()} says what was taken away. {@link #close()} releases the admin client and the
 * HTTP server; it never touches the cluster.
 */
public final class LocalOperator implements AutoCloseable {

  /**
   * How to run.
   *
   * @param plan the validated cluster
   * @param brokerMetrics the brokers' metrics URLs (at least one)
   * @param bookieMetrics the bookies' metrics URLs
   * @param progressPoll how soon to look again while a change is being carried out
   * @param restarts applies restart-required settings, when the cluster can be restarted from here
   * @param http where to serve {@code /metrics} and the decisions page (port 0: any free port), or
   *     empty for no HTTP server
   * @param events where the loop's events go (there is no API server to hold them)
   */
  public record Settings(
      ClusterPlan plan,
      List<URI> brokerMetrics,
      List<URI> bookieMetrics,
      Path decisionsDir,
      Path modelDir,
      Duration progressPoll,
      Optional<RestartActuator> restarts,
      Optional<Http> http,
      EventSink events) {
    public Settings {
      Objects.requireNonNull(plan, "plan");
      brokerMetrics = List.copyOf(brokerMetrics);
      bookieMetrics = List.copyOf(bookieMetrics);
      if (brokerMetrics.isEmpty()) {
        throw new IllegalArgumentException("a local cluster needs at least one broker metrics URL");
      }
      Objects.requireNonNull(decisionsDir, "decisionsDir");
      Objects.requireNonNull(modelDir, "modelDir");
      Objects.requireNonNull(restarts, "restarts");
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(events, "events");
    }
  }

  /** An address to serve on: {@code host} empty for every interface, {@code port} 0 for any. */
  public record Http(Optional<String> host, int port) {
    public Http {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port=" + port + " is outside [0, 65535]");
      }
    }
  }

  private final ClusterPlan plan;
  private final List<String> limits;
  private final String model;
  private final PulsarAdmin admin;
  private final HTTPServer server;
  private final Optional<URI> pageUrl;
  private final TuningLoop loop;
  private final LocalPulsarEnvironment env;
  private final DirectoryDecisionJournal journal;
  private final EventSink events;
  private final AtomicInteger passes = new AtomicInteger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile LoopResult last;

  private LocalOperator(
      ClusterPlan plan,
      List<String> limits,
      String model,
      PulsarAdmin admin,
      HTTPServer server,
      Optional<URI> pageUrl,
      TuningLoop loop,
      LocalPulsarEnvironment env,
      DirectoryDecisionJournal journal,
      EventSink events) {
    this.plan = plan;
    this.limits = limits;
    this.model = model;
    this.admin = admin;
    this.server = server;
    this.pageUrl = pageUrl;
    this.loop = loop;
    this.env = env;
    this.journal = journal;
    this.events = events;
  }

  /**
   * Loads the model, connects to the admin API and starts the HTTP server.
   *
   * @throws IllegalStateException when no model loads or no admin client can be made
   * @throws IOException when the HTTP server cannot listen
   */
  public static LocalOperator start(Settings s) throws IOException {
    Clock clock = Clock.systemUTC();
    PlannerDecisionMaker maker = PlannerDecisionMaker.fromStore(s.modelDir());
    PrometheusRegistry registry = new PrometheusRegistry();
    LearnerOutcomeSink learning = new LearnerOutcomeSink(s.modelDir(), maker.model(), clock);
    ObservationHistory history = new ObservationHistory(720);
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(s.decisionsDir());
    TuningLoop loop =
        new TuningLoop(
            maker.withModels(learning::modelFor),
            journal,
            new OperatorMetrics(registry),
            clock,
            s.progressPoll(),
            learning,
            history);
    PulsarAdmin admin = KubernetesEnvironmentProvider.adminFor(s.plan());
    if (admin == null) {
      throw new IllegalStateException(
          "cannot create a Pulsar admin client for " + s.plan().adminUrl());
    }
    LocalPulsarEnvironment env =
        new LocalPulsarEnvironment(
            LocalTelemetry.scrape(
                s.plan().clusterId(), s.brokerMetrics(), s.bookieMetrics(), Duration.ofSeconds(5)),
            new PulsarAdminActuator(admin),
            s.restarts(),
            s.plan().guardrails().settleWindow(),
            clock);
    // What LocalTelemetry reports: one node per metrics URL (a bookie count of 0 is not a range).
    ClusterSettings counts =
        new ClusterSettings(
            s.brokerMetrics().size(), Math.max(1, s.bookieMetrics().size()), Map.of());
    List<String> limits = env.limits(s.plan().bounds(), counts);
    ClusterPlan narrowed = withBounds(s.plan(), env.applicable(s.plan().bounds(), counts));
    String namespace = s.plan().namespace();
    HTTPServer server = null;
    Optional<URI> pageUrl = Optional.empty();
    try {
      if (s.http().isPresent()) {
        Http h = s.http().get();
        HTTPServer.Builder b =
            HTTPServer.builder()
                .port(h.port())
                .registry(registry)
                .defaultHandler(
                    new DecisionsHandler(
                        () -> journal.list(namespace, s.plan().name()), history, clock));
        h.host().ifPresent(b::hostname);
        server = b.buildAndStart();
        pageUrl =
            Optional.of(
                URI.create(
                    "http://"
                        + h.host().orElse("127.0.0.1")
                        + ":"
                        + server.getPort()
                        + "/decisions"));
      }
    } catch (IOException | RuntimeException e) {
      admin.close();
      throw e;
    }
    return new LocalOperator(
        narrowed, limits, maker.describe(), admin, server, pageUrl, loop, env, journal, s.events());
  }

  /** The plan the loop runs with (bounds narrowed to what can be done locally). */
  public ClusterPlan plan() {
    return plan;
  }

  /** What the local environment cannot do that the cluster's spec allows, in words. */
  public List<String> limits() {
    return limits;
  }

  /** The model that decides, and where it came from. */
  public String model() {
    return model;
  }

  /** The decisions page, when an HTTP server runs. */
  public Optional<URI> pageUrl() {
    return pageUrl;
  }

  /** The cluster's decisions, oldest first. */
  public List<TuningDecision> decisions() {
    return journal.list(plan.namespace(), plan.name());
  }

  /** Passes run so far. */
  public int passes() {
    return passes.get();
  }

  /** The latest pass's result, if a pass ran. */
  public Optional<LoopResult> lastResult() {
    return Optional.ofNullable(last);
  }

  /** One pass of the loop. */
  public LoopResult pass() {
    LoopResult r = loop.run(plan, env, events, d -> {});
    last = r;
    passes.incrementAndGet();
    return r;
  }

  /**
   * Runs passes, each followed by the wait the loop asks for, until {@link #stop()}, {@code
   * maxPasses} passes (0: no limit), or, with {@code untilSettled}, a pass after which no decision
   * is in flight.
   */
  public void run(int maxPasses, boolean untilSettled, Consumer<LoopResult> afterEach)
      throws InterruptedException {
    for (int n = 1; stopped.getCount() > 0 && (maxPasses == 0 || n <= maxPasses); n++) {
      LoopResult r = pass();
      afterEach.accept(r);
      boolean inFlight =
          r.lastDecision()
              .map(d -> d.getStatus().phase != null && !d.getStatus().phase.isFinal())
              .orElse(false);
      if (untilSettled && !inFlight) {
        return;
      }
      if (stopped.await(r.requeueAfter().toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** Ends {@link #run} after the pass under way, if any. */
  public void stop() {
    stopped.countDown();
  }

  @Override
  public void close() {
    stop();
    if (server != null) {
      server.close();
    }
    admin.close();
  }

  private static ClusterPlan withBounds(ClusterPlan p, io.tuneloop.tuning.planner.Bounds bounds) {
    return new ClusterPlan(
        p.namespace(),
        p.name(),
        p.adminUrl(),
        p.adminToken(),
        p.allowInsecureTls(),
        p.trustCertsPem(),
        p.tlsHostnameVerification(),
        p.broker(),
        p.bookie(),
        p.prometheus(),
        p.podScraping(),
        p.interval(),
        bounds,
        p.objectives(),
        p.mode(),
        p.guardrails(),
        p.federation());
  }
}
