package io.tuneloop.app;

import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.StandaloneBrokerConfig;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadReport;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.telemetry.admin.AdminApiException;
import io.tuneloop.telemetry.admin.PulsarAdminConfig;
import io.tuneloop.telemetry.admin.PulsarAdminTelemetry;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.scrape.MetricsEndpoint;
import io.tuneloop.telemetry.scrape.MetricsFetcher;
import io.tuneloop.telemetry.scrape.ScrapeSnapshotSource;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Observes a Pulsar cluster once and prints the snapshot and its feature vector. With {@code
 * --embedded} it starts a real standalone broker, puts it under load with the real Pulsar client,
 * and observes that: the quickest way to see what Tuneloop sees.
 */
@Command(
    name = "snapshot",
    description = "Take one telemetry snapshot of a Pulsar cluster and print it.")
final class SnapshotCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--embedded",
        description = "Start a real Pulsar standalone broker and put it under load.")
    boolean embedded;

    @ArgGroup(exclusive = false)
    Remote remote;
  }

  static final class Remote {
    @Option(names = "--admin-url", required = true, description = "Broker web service URL.")
    URI adminUrl;

    @Option(
        names = "--broker-metrics",
        required = true,
        split = ",",
        description = "Broker metrics URLs, e.g. http://broker-0:8080/metrics/")
    List<URI> brokerMetrics;

    @Option(names = "--bookie-metrics", split = ",", description = "Bookie metrics URLs.")
    List<URI> bookieMetrics = new ArrayList<>();
  }

  @Option(names = "--rate", defaultValue = "1000", description = "Load: messages per second.")
  double rate;

  @Option(names = "--message-bytes", defaultValue = "1024", description = "Load: message size.")
  int messageBytes;

  @Option(names = "--topics", defaultValue = "4", description = "Load: topics.")
  int topics;

  @Option(names = "--seconds", defaultValue = "25", description = "Load: how long to run.")
  int seconds;

  @Option(
      names = "--journal-max-group-wait-ms",
      defaultValue = "1",
      description = "Embedded bookie's journalMaxGroupWaitMSec.")
  int journalMaxGroupWaitMs;

  @Option(
      names = "--cpu-cores",
      description =
          "CPU cores of each broker/bookie process, to turn CPU-seconds into utilisation"
              + " (default: this machine's for --embedded, unknown otherwise).")
  Double cpuCores;

  @Option(
      names = "--window-seconds",
      defaultValue = "10",
      description = "Seconds between the two scrapes that make a window.")
  int windowSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (target.embedded) {
      return embedded(out);
    }
    List<MetricsEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < target.remote.brokerMetrics.size(); i++) {
      endpoints.add(
          new MetricsEndpoint(
              "broker-" + i, MetricsEndpoint.NodeRole.BROKER, target.remote.brokerMetrics.get(i)));
    }
    for (int i = 0; i < target.remote.bookieMetrics.size(); i++) {
      endpoints.add(
          new MetricsEndpoint(
              "bookie-" + i, MetricsEndpoint.NodeRole.BOOKIE, target.remote.bookieMetrics.get(i)));
    }
    try (PulsarAdminTelemetry admin =
        new PulsarAdminTelemetry(PulsarAdminConfig.of(target.remote.adminUrl.toString()))) {
      ClusterSnapshot s =
          observe(
              endpoints,
              cpuCores == null ? Map.of() : coresFor(endpoints, cpuCores),
              admin,
              Map.of(),
              target.remote.brokerMetrics.size(),
              target.remote.bookieMetrics.size());
      new SnapshotTable(out).print(s, FeatureSchema.v1(), knobNames());
    }
    return 0;
  }

  private int embedded(PrintWriter out) throws Exception {
    out.println("starting a real Pulsar 4.0.7 standalone broker (about 20 s)...");
    out.flush();
    StandaloneBrokerConfig config =
        StandaloneBrokerConfig.builder()
            .setting("journalMaxGroupWaitMSec", Integer.toString(journalMaxGroupWaitMs))
            .build();
    try (StandaloneBroker broker = StandaloneBroker.start(config)) {
      out.printf(
          "broker ready in %d s at %s; load: %.0f msg/s of %d bytes on %d topics for %d s%n",
          broker.lastStartDuration().toSeconds(),
          broker.serviceUrl(),
          rate,
          messageBytes,
          topics,
          seconds);
      out.flush();
      LoadSpec spec =
          LoadSpec.builder(rate)
              .sizes(MessageSizes.fixed(messageBytes))
              .topics(topics)
              .producers(topics)
              .consumers(topics)
              .duration(Duration.ofSeconds(seconds))
              .build();
      try (LoadGenerator load = new LoadGenerator(broker.serviceUrl(), spec);
          PulsarAdminTelemetry admin =
              new PulsarAdminTelemetry(PulsarAdminConfig.of(broker.webServiceUrl()))) {
        CompletableFuture<LoadReport> running = load.start();
        // Let the broker's stats interval see the load before the first scrape.
        Thread.sleep(Math.max(0, (seconds - windowSeconds - 3) * 1000L));
        List<MetricsEndpoint> endpoints =
            List.of(
                new MetricsEndpoint(
                    "standalone-broker",
                    MetricsEndpoint.NodeRole.BROKER,
                    URI.create(broker.brokerMetricsUrl())),
                new MetricsEndpoint(
                    "standalone-bookie",
                    MetricsEndpoint.NodeRole.BOOKIE,
                    URI.create(broker.bookieMetricsUrl())));
        // Broker and bookie share the child JVM, which can use every core of this machine.
        double cores = cpuCores != null ? cpuCores : Runtime.getRuntime().availableProcessors();
        ClusterSnapshot s =
            observe(endpoints, coresFor(endpoints, cores), admin, broker.settings(), 1, 1);
        LoadReport report = running.get();
        new SnapshotTable(out).print(s, FeatureSchema.v1(), knobNames());
        out.println("load generator: " + report.summary());
        out.flush();
      }
    }
    return 0;
  }

  private static Map<String, Double> coresFor(List<MetricsEndpoint> endpoints, double cores) {
    Map<String, Double> out = new TreeMap<>();
    endpoints.forEach(e -> out.put(e.node(), cores));
    return out;
  }

  private ClusterSnapshot observe(
      List<MetricsEndpoint> endpoints,
      Map<String, Double> cores,
      PulsarAdminTelemetry admin,
      Map<String, String> staticSettings,
      int brokers,
      int bookies)
      throws TelemetryException {
    ScrapeSnapshotSource source =
        new ScrapeSnapshotSource(
            "local",
            endpoints,
            cores,
            new MetricsFetcher(Duration.ofSeconds(10)),
            new PrometheusTextParser(),
            () -> settings(admin, staticSettings, brokers, bookies),
            Clock.systemUTC(),
            Duration.ofSeconds(windowSeconds),
            Duration.ofMinutes(5));
    return source.observe();
  }

  /** Conf-file settings first, then the broker's live dynamic values on top. */
  private static ClusterSettings settings(
      PulsarAdminTelemetry admin, Map<String, String> staticSettings, int brokers, int bookies)
      throws TelemetryException {
    Map<String, String> values = new TreeMap<>(staticSettings);
    try {
      values.putAll(admin.dynamicConfiguration().values());
    } catch (AdminApiException e) {
      throw new TelemetryException("cannot read the dynamic configuration: " + e.getMessage(), e);
    }
    return new ClusterSettings(brokers, bookies, values);
  }

  private static List<String> knobNames() {
    return KnobCatalog.standard().settings().stream().map(Knob::name).toList();
  }
}
