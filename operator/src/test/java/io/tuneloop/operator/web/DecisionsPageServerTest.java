package io.tuneloop.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions page served beside {@code /metrics} by the Prometheus HTTP server, over HTTP and in
 * headless Chromium (Debian's {@code chromium}). Without chromium the browser test is skipped,
 * except in CI ({@code CI=true}), where {@code .ci/run} installs it and its absence fails.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DecisionsPageServerTest {
  private static final Path SCREENSHOT = Path.of("target", "decisions-page.png").toAbsolutePath();

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean storeBroken = new AtomicBoolean();
  private HTTPServer server;
  private String base;

  @BeforeEach
  void serveTheRealDecisionFiles() throws IOException {
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir.resolve("decisions"));
    SampleDecisions.mixed("local", "dev").forEach(journal::create);
    ObservationHistory history = new ObservationHistory(100);
    double[] p99 = {18, 19, 26, 21, 20, 44, 41, 23, 22, 24, 21, 19, 20, 18, 22, 25, 20};
    for (int i = 0; i < p99.length; i++) {
      history.record("local/dev", SampleDecisions.observation(30 * i, p99[i], 1, 1));
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("tuneloop_page_test_total").register(registry).inc();
    DecisionSource source =
        () -> {
          if (storeBroken.get()) {
            throw new IllegalStateException("decisions <dir> is unreadable");
          }
          return journal.list("local", "dev");
        };
    server =
        HTTPServer.builder()
            .hostname("127.0.0.1")
            .port(0)
            .registry(registry)
            .defaultHandler(
                new DecisionsHandler(
                    source,
                    history,
                    Clock.fixed(SampleDecisions.T0.plusSeconds(600), ZoneOffset.UTC)))
            .buildAndStart();
    base = "http://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageTheJsonAndStillTheMetrics() throws Exception {
    HttpResponse<String> page = send("GET", "/decisions");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'");
    assertThat(page.body()).contains("<h2>local/dev</h2>").contains("lowest cost within the SLO");
    assertThat(send("GET", "/").body()).isEqualTo(page.body());

    JsonNode json = new ObjectMapper().readTree(send("GET", "/decisions.json").body());
    JsonNode cluster = json.get("clusters").get(0);
    assertThat(cluster.get("id").asText()).isEqualTo("local/dev");
    assertThat(cluster.get("decisions")).hasSize(5);
    assertThat(cluster.get("decisions").get(1).get("spec").get("reason").asText())
        .isEqualTo(SampleDecisions.HOSTILE_REASON);
    assertThat(cluster.get("history")).hasSize(17);

    assertThat(send("GET", "/metrics").body()).contains("tuneloop_page_test_total 1.0");
  }

  @Test
  void onlyGetAndHeadAreAllowed() throws Exception {
    HttpResponse<String> head = send("HEAD", "/decisions");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> r = send(method, "/decisions");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
    assertThat(send("GET", "/decisions/../etc").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void anUnreadableStoreAnswers503WithTheReasonEscaped() throws Exception {
    storeBroken.set(true);
    HttpResponse<String> r = send("GET", "/decisions");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("decisions &lt;dir&gt; is unreadable").doesNotContain("<dir>");
    assertThat(send("GET", "/decisions.json").statusCode()).isEqualTo(503);
  }

  @Test
  void headlessChromiumShowsTheDecisionsAndTakesAScreenshot() throws Exception {
    Path chromium = chromium();
    assumeTrue(
        chromium != null || "true".equals(System.getenv("CI")),
        "chromium is not installed (and CI is not true): skipped");
    assertThat(chromium).as("chromium on PATH (CI=true: .ci/run installs it)").isNotNull();

    String dom = runChromium(chromium, "--dump-dom", base + "/decisions");
    assertThat(dom)
        .contains("Tuneloop decisions")
        .contains("lowest cost within the SLO")
        .contains("dispatcherMaxReadBatchSize 100 -&gt; 200: p99 17.1 ms")
        .contains("p99 14 ms")
        .contains("after: p99 45 ms")
        .contains("RolledBack")
        // The hostile reason is text in the DOM, not markup.
        .contains("p99 &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quotes'")
        .doesNotContain("<script>alert");

    Files.deleteIfExists(SCREENSHOT);
    runChromium(
        chromium, "--screenshot=" + SCREENSHOT, "--window-size=1280,1600", base + "/decisions");
    assertThat(SCREENSHOT).isNotEmptyFile();
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(png.length).isGreaterThan(20_000);
  }

  private String runChromium(Path chromium, String... args) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile-");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = dir.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in 120 s: " + cmd);
      }
      assertThat(p.exitValue()).as("chromium exit; stderr:\n%s", Files.readString(err)).isZero();
      return Files.readString(out);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static Path chromium() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path c = Path.of(d, "chromium");
      if (Files.isExecutable(c)) {
        return c;
      }
    }
    return null;
  }
}
