package io.tuneloop.telemetry.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the scrape source against a local HTTP server that serves metrics captured from the real
 * fixture broker and bookie, with the counters advanced between scrapes as a live bookie would.
 */
class ScrapeSnapshotSourceTest {
  private final Map<String, String[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger bookieHits = new AtomicInteger();
  private HttpServer server;
  private String broker;
  private String bookie;

  /** A clock that moves 10 s every time it is read, so rates have a known denominator. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T12:00:00Z");

    @Override
    public synchronized Instant instant() {
      Instant t = now;
      now = now.plusSeconds(10);
      return t;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void serve() throws IOException {
    broker = resource("broker-metrics.txt");
    bookie = resource("bookie-metrics.txt");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String[] versions = bodies.get(path);
          int status = statuses.getOrDefault(path, 200);
          byte[] body;
          if (versions == null) {
            status = 404;
            body = "not found".getBytes(StandardCharsets.UTF_8);
          } else {
            int hit = path.startsWith("/bookie") ? bookieHits.getAndIncrement() : 0;
            body = versions[Math.min(hit, versions.length - 1)].getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ScrapeSnapshotSourceTest.class.getResourceAsStream("/prometheus/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The value on the line of {@code text} that starts with {@code series} followed by a space. */
  private static double valueOf(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("captured metrics have no series " + series);
  }

  /** {@code text} with the value of {@code series} raised by {@code delta}. */
  private static String advance(String text, String series, double delta) {
    double before = valueOf(text, series);
    return text.replace(series + " " + fmt(text, series), series + " " + (before + delta));
  }

  private static String fmt(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return line.substring(series.length() + 1).trim();
      }
    }
    throw new AssertionError(series);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private ScrapeSnapshotSource source(List<MetricsEndpoint> endpoints, Map<String, Double> cores) {
    return new ScrapeSnapshotSource(
        "standalone",
        endpoints,
        cores,
        new MetricsFetcher(Duration.ofSeconds(5)),
        new PrometheusTextParser(),
        () -> new ClusterSettings(1, 1, Map.of("journalMaxGroupWaitMSec", "1")),
        new SteppingClock(),
        Duration.ZERO,
        Duration.ofMinutes(5));
  }

  private List<MetricsEndpoint> brokerAndBookie() {
    return List.of(
        new MetricsEndpoint("broker-0", MetricsEndpoint.NodeRole.BROKER, url("/broker")),
        new MetricsEndpoint("bookie-0", MetricsEndpoint.NodeRole.BOOKIE, url("/bookie")));
  }

  @Test
  void mapsRealBrokerAndBookieOutput() throws Exception {
    // The second bookie scrape has 6,400 more entries and 10 MB more written than the first.
    String later =
        advance(
            advance(bookie, "bookie_WRITE_BYTES", 10_000_000),
            "bookie_BOOKIE_ADD_ENTRY_count{success=\"true\"}",
            6400);
    bodies.put("/broker", new String[] {broker});
    bodies.put("/bookie", new String[] {bookie, later});

    ClusterSnapshot s = source(brokerAndBookie(), Map.of()).observe();

    var b = s.brokers().get(0);
    String c = "{cluster=\"standalone\"}";
    double rateIn = valueOf(broker, "pulsar_broker_rate_in" + c);
    double bytesIn = valueOf(broker, "pulsar_broker_throughput_in" + c);
    assertThat(rateIn).isPositive();
    assertThat(b.get(BrokerMetric.MSG_RATE_IN).value()).isEqualTo(rateIn);
    assertThat(b.get(BrokerMetric.BYTES_RATE_IN).value()).isEqualTo(bytesIn);
    assertThat(b.get(BrokerMetric.PUBLISH_LATENCY_P99).value())
        .isEqualTo(
            valueOf(
                broker, "pulsar_broker_publish_latency{cluster=\"standalone\",quantile=\"0.99\"}"));
    assertThat(b.get(BrokerMetric.PUBLISH_LATENCY_P50).value())
        .isEqualTo(
            valueOf(
                broker, "pulsar_broker_publish_latency{cluster=\"standalone\",quantile=\"0.5\"}"));
    assertThat(b.get(BrokerMetric.HEAP_MAX).value())
        .isEqualTo(valueOf(broker, "jvm_memory_bytes_max{cluster=\"standalone\",area=\"heap\"}"));
    assertThat(b.get(BrokerMetric.TOPICS).value())
        .isEqualTo(valueOf(broker, "pulsar_broker_topics_count" + c));
    assertThat(b.get(BrokerMetric.PRODUCERS).value())
        .isEqualTo(valueOf(broker, "pulsar_broker_producers_count" + c));
    assertThat(b.get(BrokerMetric.BACKLOG).value())
        .isEqualTo(valueOf(broker, "pulsar_broker_msg_backlog" + c));
    assertThat(b.get(BrokerMetric.PENDING_ADD_QUEUE).absentReason()).contains("does not export");

    var k = s.bookies().get(0);
    // The stepping clock puts one read between the bookie's two scrapes: 10 s (the broker is
    // scraped in between, which reads the clock too, so 20 s).
    double seconds = 20;
    assertThat(k.get(BookieMetric.WRITE_BYTES_RATE).value())
        .isCloseTo(10_000_000 / seconds, within(1e-6));
    assertThat(k.get(BookieMetric.ADD_ENTRY_RATE).value()).isCloseTo(6400 / seconds, within(1e-6));
    assertThat(k.get(BookieMetric.DISK_USAGE).value()).isBetween(0.0, 1.0);
    assertThat(k.get(BookieMetric.JOURNAL_QUEUE_SIZE).isPresent()).isTrue();
    assertThat(k.get(BookieMetric.UNDER_REPLICATED_LEDGERS).absentReason()).contains("admin API");

    assertThat(s.messageSizes().meanBytes().value()).isCloseTo(bytesIn / rateIn, within(1e-6));
    assertThat(s.problems()).isEmpty();
    assertThat(s.completeness()).isBetween(0.5, 1.0);
  }

  @Test
  void cpuUsesTheProcessCpuRateWhenCoresAreKnown() throws Exception {
    String later = advance(broker, "process_cpu_seconds_total{cluster=\"standalone\"}", 10);
    bodies.put("/broker", new String[] {broker});
    bodies.put("/bookie", new String[] {broker, later});
    // Serve the changing body as the "bookie" path but declare it a broker to get a rate.
    var endpoints =
        List.of(new MetricsEndpoint("broker-0", MetricsEndpoint.NodeRole.BROKER, url("/bookie")));
    ClusterSnapshot s = source(endpoints, Map.of("broker-0", 2.0)).observe();
    // Each clock read advances 10 s and the two scrapes are one read apart: 10 CPU-s in 10 s on
    // 2 cores is half the pod's CPU.
    assertThat(s.brokers().get(0).get(BrokerMetric.CPU_UTILISATION).value())
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void aFailingOrGarbledBookieLeavesItsReadingsAbsentWithAProblem() throws Exception {
    bodies.put("/broker", new String[] {broker});
    bodies.put("/bookie", new String[] {"bookie_journal_JOURNAL_QUEUE_SIZE{journalIndex=\"0 7\n"});
    ClusterSnapshot s = source(brokerAndBookie(), Map.of()).observe();
    assertThat(s.bookies().get(0).completeness()).isZero();
    assertThat(s.problems())
        .anySatisfy(p -> assertThat(p).contains("bookie-0").contains("not valid"));
    assertThat(s.brokers().get(0).get(BrokerMetric.MSG_RATE_IN).isPresent()).isTrue();

    statuses.put("/bookie", 503);
    ClusterSnapshot again = source(brokerAndBookie(), Map.of()).observe();
    assertThat(again.problems()).anySatisfy(p -> assertThat(p).contains("HTTP 503"));
  }

  @Test
  void noBrokerAnsweringIsAnError() {
    var endpoints =
        List.of(new MetricsEndpoint("broker-0", MetricsEndpoint.NodeRole.BROKER, url("/gone")));
    assertThatThrownBy(() -> source(endpoints, Map.of()).observe())
        .isInstanceOf(TelemetryException.class)
        .hasMessageContaining("no broker of cluster standalone could be scraped")
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void refusesEndpointsWithoutHttpOrWithoutBrokers() {
    assertThatThrownBy(
            () -> new MetricsEndpoint("b", MetricsEndpoint.NodeRole.BROKER, URI.create("ftp://x/")))
        .hasMessageContaining("must be http or https");
    var onlyBookie =
        List.of(new MetricsEndpoint("k", MetricsEndpoint.NodeRole.BOOKIE, url("/bookie")));
    assertThatThrownBy(() -> source(onlyBookie, Map.of()))
        .hasMessageContaining("no broker endpoint");
  }
}
