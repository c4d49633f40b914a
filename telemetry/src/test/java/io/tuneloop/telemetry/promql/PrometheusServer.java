package io.tuneloop.telemetry.promql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server for tests: Debian's {@code prometheus} binary run directly on loopback
 * with a generated configuration that scrapes the given targets every second, a fresh TSDB in a
 * temporary directory, and a free port. {@link #close()} stops it and deletes its data; a JVM
 * shutdown hook stops it if a test run dies first.
 *
 * <p>Use {@link #binaryOrSkip()} first: it skips the test when the binary is missing on a developer
 * machine, but fails under {@code CI=true}, where a missing server is a broken setup.
 */
public final class PrometheusServer implements AutoCloseable {

  /** A scrape job: Prometheus scrapes {@code metricsUrl} (host, port and path) as {@code job}. */
  public record ScrapeTarget(String job, URI metricsUrl) {
    public ScrapeTarget {
      if (!job.matches("[a-zA-Z_][a-zA-Z0-9_-]*")) {
        throw new IllegalArgumentException("job name \"" + job + "\" is not a plain identifier");
      }
      if (metricsUrl.getHost() == null || metricsUrl.getPort() < 0) {
        throw new IllegalArgumentException(
            "scrape URL " + metricsUrl + " needs an explicit host and port");
      }
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final Path log;
  private final URI baseUri;
  private final Thread shutdownHook;

  private PrometheusServer(Process process, Path dir, Path log, URI baseUri) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.baseUri = baseUri;
    this.shutdownHook = new Thread(process::destroyForcibly, "prometheus-server-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The {@code prometheus} binary: {@code $TUNELOOP_PROMETHEUS} if set, else the first on PATH. */
  public static Optional<Path> findBinary() {
    String explicit = System.getenv("TUNELOOP_PROMETHEUS");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, "prometheus");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The binary, or a skipped test when it is missing outside CI.
   *
   * @throws IllegalStateException when it is missing and the environment variable CI is "true"
   */
  public static Path binaryOrSkip() {
    Optional<Path> binary = findBinary();
    if (binary.isPresent()) {
      return binary.get();
    }
    String advice =
        "no prometheus binary on PATH (or $TUNELOOP_PROMETHEUS); install Debian's package:"
            + " apt-get install -y prometheus";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(advice + " (CI=true, so this test may not be skipped)");
    }
    Assumptions.abort(advice);
    throw new AssertionError("unreachable");
  }

  /**
   * Starts Prometheus scraping {@code targets} every {@code scrapeInterval} and waits until it is
   * ready to answer queries.
   */
  public static PrometheusServer start(
      Path binary, List<ScrapeTarget> targets, Duration scrapeInterval) throws IOException {
    Path parent = Path.of(System.getProperty("user.dir"), "target");
    Path dir =
        Files.isDirectory(parent)
            ? Files.createTempDirectory(parent, "prometheus-")
            : Files.createTempDirectory("prometheus-");
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      try {
        return launch(binary, dir, targets, scrapeInterval, port);
      } catch (IOException e) {
        // Another process may have taken the port between probing and binding: try another.
        lastFailure = e;
      }
    }
    deleteRecursively(dir);
    throw lastFailure;
  }

  private static PrometheusServer launch(
      Path binary, Path dir, List<ScrapeTarget> targets, Duration interval, int port)
      throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(targets, interval));
    Path data = dir.resolve("data-" + port);
    Path log = dir.resolve("prometheus-" + port + ".log");
    String listen = "127.0.0.1:" + port;
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=" + listen,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, dir, log, URI.create("http://" + listen));
    try {
      server.awaitReady();
      return server;
    } catch (IOException | RuntimeException e) {
      server.stopProcess();
      throw e;
    }
  }

  static String config(List<ScrapeTarget> targets, Duration interval) {
    String every = interval.toMillis() + "ms";
    StringBuilder yml =
        new StringBuilder()
            .append("global:\n")
            .append("  scrape_interval: ")
            .append(every)
            .append('\n')
            .append("  scrape_timeout: ")
            .append(every)
            .append('\n')
            .append("  evaluation_interval: ")
            .append(every)
            .append('\n')
            .append("scrape_configs:\n");
    for (ScrapeTarget t : targets) {
      String path = t.metricsUrl().getRawPath();
      yml.append("  - job_name: '")
          .append(t.job())
          .append("'\n")
          .append("    scheme: ")
          .append(t.metricsUrl().getScheme())
          .append('\n')
          .append("    metrics_path: '")
          .append(path == null || path.isEmpty() ? "/metrics" : path)
          .append("'\n")
          .append("    static_configs:\n")
          .append("      - targets: ['")
          .append(t.metricsUrl().getHost())
          .append(':')
          .append(t.metricsUrl().getPort())
          .append("']\n");
    }
    return yml.toString();
  }

  private void awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(baseUri.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "prometheus exited with "
                + process.exitValue()
                + " before it was ready: "
                + logTail(20));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for prometheus", e);
      }
      sleep(100);
    }
    throw new IOException("prometheus was not ready within " + READY_TIMEOUT + ": " + logTail(20));
  }

  /**
   * Waits until Prometheus has scraped {@code job} successfully ({@code up{job=...} == 1}).
   *
   * @throws IllegalStateException naming the job, the last answer and the log tail on timeout
   */
  public void awaitScraped(String job, Duration timeout) {
    PromQlClient client =
        PromQlClient.builder(baseUri).requestTimeout(Duration.ofSeconds(5)).build();
    String query = "up{job=\"" + job + "\"} == 1";
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      try {
        QueryResult.Vector v = client.queryVector(query);
        if (!v.samples().isEmpty()) {
          return;
        }
        last = "no successful scrape yet";
      } catch (PromQlException e) {
        last = e.getMessage();
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "prometheus did not scrape job "
            + job
            + " within "
            + timeout
            + " ("
            + last
            + "): "
            + logTail(20));
  }

  /** Where the server answers, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUri() {
    return baseUri;
  }

  public Path logFile() {
    return log;
  }

  /** The last lines of the server's log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its data. */
  @Override
  public void close() {
    stopProcess();
    deleteRecursively(dir);
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: the directory is under target/ or the system temp directory.
    }
  }
}
