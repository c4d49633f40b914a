package io.tuneloop.federation.aggregator;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.federation.aggregation.AggregationRule;
import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.aggregation.TrimmedMean;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineCodec;
import io.tuneloop.federation.baseline.BaselinePublisher;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.round.RoundAggregation;
import io.tuneloop.federation.round.RoundPolicy;
import io.tuneloop.federation.topics.FederationNamespace;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.wire.WireFormatException;
import io.tuneloop.telemetry.features.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tuneloop aggregator}: runs the federated aggregator until stopped. */
@Command(
    name = "aggregator",
    mixinStandardHelpOptions = true,
    description = {
      "Aggregates federated model updates from persistent://<tenant>/federation/updates into "
          + "baselines on the compacted persistent://<tenant>/federation/baselines topic.",
      "Runs until stopped; exits 1 if the round loop fails."
    })
public final class AggregatorCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorCommand.class);

  /** The aggregation rules the command offers. */
  public enum Method {
    FEDAVG,
    TRIMMED_MEAN
  }

  @Spec CommandSpec spec;

  @Option(names = "--service-url", required = true, description = "Pulsar binary URL.")
  String serviceUrl;

  @Option(
      names = "--admin-url",
      description =
          "Pulsar admin URL; when given, tenant, namespace, topics and compaction are set up.")
  String adminUrl;

  @Option(names = "--tenant", defaultValue = "tuneloop", description = "Default: ${DEFAULT-VALUE}.")
  String tenant;

  @Option(
      names = "--round-size",
      defaultValue = "10",
      description = "Updates that close a round. Default: ${DEFAULT-VALUE}.")
  int roundSize;

  @Option(
      names = "--min-round-size",
      defaultValue = "3",
      description = "Fewest updates a timed-out round may close with. Default: ${DEFAULT-VALUE}.")
  int minRoundSize;

  @Option(
      names = "--round-timeout",
      defaultValue = "PT30M",
      description = "ISO-8601 duration after the first update. Default: ${DEFAULT-VALUE}.")
  Duration roundTimeout;

  @Option(
      names = "--aggregation",
      defaultValue = "TRIMMED_MEAN",
      description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Method method;

  @Option(
      names = "--trim-fraction",
      defaultValue = "0.2",
      description = "Share trimmed from each end per coordinate. Default: ${DEFAULT-VALUE}.")
  double trimFraction;

  @Option(
      names = "--clip-norm",
      defaultValue = "1.0",
      description = "L2 bound per update ('Infinity' disables). Default: ${DEFAULT-VALUE}.")
  double clipNorm;

  @Option(
      names = "--noise-multiplier",
      defaultValue = "0",
      description = "DP noise stddev over the clip bound (FEDAVG only). Default: ${DEFAULT-VALUE}.")
  double noiseMultiplier;

  @Option(
      names = "--sample-cap",
      defaultValue = "1000",
      description =
          "With noise: samples that give an update full weight. Default: ${DEFAULT-VALUE}.")
  long sampleCap;

  @Option(
      names = "--sampling-rate",
      defaultValue = "1.0",
      description =
          "Participation probability for the accountant; below 1 only if clusters really take "
              + "part at random. Default: ${DEFAULT-VALUE}.")
  double samplingRate;

  @Option(
      names = "--target-delta",
      defaultValue = "1e-5",
      description = "δ for the reported ε. Default: ${DEFAULT-VALUE}.")
  double targetDelta;

  @Option(
      names = "--subscription",
      defaultValue = FederationTopics.AGGREGATOR_SUBSCRIPTION,
      description = "Default: ${DEFAULT-VALUE}.")
  String subscription;

  @Option(
      names = "--initial-baseline",
      description = "A baseline file (baseline wire format) to publish when the topic has none.")
  Path initialBaseline;

  @Option(
      names = "--baseline-wait",
      defaultValue = "PT10M",
      description = "How long to wait for a first baseline. Default: ${DEFAULT-VALUE}.")
  Duration baselineWait;

  @Option(
      names = "--metrics-port",
      defaultValue = "8081",
      description = "Port of /metrics and /-/healthy; 0 disables them. Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  private final FeatureSchema schema;
  private final CountDownLatch stop = new CountDownLatch(1);

  public AggregatorCommand() {
    this(FeatureSchema.v1());
  }

  /** For a release that serves another schema. */
  public AggregatorCommand(FeatureSchema schema) {
    this.schema = schema;
  }

  /** Asks a running {@link #call()} to close the aggregator and return, as SIGTERM does. */
  public void stop() {
    stop.countDown();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new AggregatorCommand()).execute(args));
  }

  /** Builds the rule the options describe, refusing combinations that would be unsound. */
  AggregationRule rule() {
    L2Clip clip;
    try {
      clip = new L2Clip(clipNorm);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--clip-norm: " + e.getMessage());
    }
    if (noiseMultiplier < 0
        || Double.isNaN(noiseMultiplier)
        || Double.isInfinite(noiseMultiplier)) {
      throw new ParameterException(
          spec.commandLine(), "--noise-multiplier=" + noiseMultiplier + " must be finite and >= 0");
    }
    if (method == Method.TRIMMED_MEAN) {
      if (noiseMultiplier > 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--noise-multiplier="
                + noiseMultiplier
                + " needs --aggregation FEDAVG: a trimmed mean's sensitivity is not bounded by the "
                + "clip norm, so the noise would not buy the reported privacy");
      }
      return new TrimmedMean(trimFraction, clip);
    }
    if (noiseMultiplier > 0) {
      if (clip.unbounded()) {
        throw new ParameterException(
            spec.commandLine(), "--noise-multiplier needs a finite --clip-norm to calibrate to");
      }
      return new DpFedAvg(clip, noiseMultiplier, sampleCap, roundSize, new SecureRandom());
    }
    return new FedAvg(clip);
  }

  @Override
  public Integer call() throws Exception {
    AggregationRule rule = rule();
    RoundPolicy policy;
    RoundAggregation aggregation;
    try {
      policy = new RoundPolicy(roundSize, minRoundSize, roundTimeout);
      aggregation = new RoundAggregation(rule, samplingRate, targetDelta);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    FederationTopics topics = new FederationTopics(tenant);
    AggregatorSettings settings =
        new AggregatorSettings(
            schema.version(),
            schema.fingerprint(),
            policy,
            subscription,
            Duration.ofMillis(500),
            baselineWait,
            ModelUpdate.MAX_PARAMETERS);
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port=" + metricsPort + " is outside [0, 65535]");
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    // Up before Pulsar is touched: waiting for a first baseline may take --baseline-wait, and a
    // liveness probe must not kill the pod meanwhile. Closed when call() returns.
    try (HTTPServer ignored = metricsServer(registry)) {
      return aggregate(settings, topics, aggregation, registry);
    }
  }

  private Integer aggregate(
      AggregatorSettings settings,
      FederationTopics topics,
      RoundAggregation aggregation,
      PrometheusRegistry registry)
      throws Exception {
    if (adminUrl != null) {
      try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(adminUrl).build()) {
        new FederationNamespace(admin)
            .ensure(topics, subscription, FederationNamespace.DEFAULT_COMPACTION_THRESHOLD_BYTES);
      }
    }
    try (PulsarClient client = PulsarClient.builder().serviceUrl(serviceUrl).build()) {
      if (initialBaseline != null) {
        seed(client, topics, readBaseline(initialBaseline));
      }
      FederationAggregator aggregator =
          new FederationAggregator(client, topics, settings, aggregation, Clock.systemUTC());
      new AggregatorMetrics(aggregator, registry);
      Thread hook = new Thread(stop::countDown, "aggregator-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        aggregator.start();
        while (!stop.await(200, TimeUnit.MILLISECONDS)) {
          if (!aggregator.isRunning()) {
            break;
          }
        }
      } finally {
        aggregator.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already exiting through this hook.
        }
      }
      Optional<Throwable> failure = aggregator.failure();
      failure.ifPresent(f -> LOG.error("aggregator failed", f));
      return failure.isPresent() ? 1 : 0;
    }
  }

  /** {@code /metrics} and the client's own {@code /-/healthy}; null (nothing to close) when off. */
  private HTTPServer metricsServer(PrometheusRegistry registry) throws IOException {
    if (metricsPort == 0) {
      return null;
    }
    HTTPServer server = HTTPServer.builder().port(metricsPort).registry(registry).buildAndStart();
    LOG.info("metrics on :{}/metrics, health on :{}/-/healthy", metricsPort, metricsPort);
    return server;
  }

  private Baseline readBaseline(Path file) throws IOException {
    try {
      Baseline b = new BaselineCodec().decode(Files.readAllBytes(file));
      if (!b.fits(schema.version(), schema.fingerprint())) {
        throw new ParameterException(
            spec.commandLine(),
            "--initial-baseline "
                + file
                + " is for schema "
                + b.schemaVersion()
                + "/"
                + b.schemaFingerprint()
                + ", this release speaks "
                + schema.version()
                + "/"
                + schema.fingerprint());
      }
      return b;
    } catch (WireFormatException e) {
      throw new ParameterException(
          spec.commandLine(), "--initial-baseline " + file + ": " + e.getMessage());
    }
  }

  /** Publishes {@code b} only when the topic has no baseline for the schema yet. */
  private void seed(PulsarClient client, FederationTopics topics, Baseline b) throws Exception {
    try (BaselineReader reader =
        BaselineReader.open(client, topics, schema.version(), schema.fingerprint())) {
      Optional<Baseline> existing = reader.newest();
      if (existing.isPresent()) {
        LOG.info(
            "{} already holds {}; not publishing the initial baseline",
            topics.baselines(),
            existing.get());
        return;
      }
    }
    try (BaselinePublisher publisher = BaselinePublisher.create(client, topics)) {
      publisher.publish(b);
      LOG.info("published initial {}", b);
    }
  }
}
