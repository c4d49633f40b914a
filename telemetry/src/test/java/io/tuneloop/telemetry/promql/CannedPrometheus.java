package io.tuneloop.telemetry.promql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on loopback that answers every request with one canned status and body
 * (optionally after a delay) and remembers the last request, to test {@link PromQlClient} against
 * bad answers.
 */
final class CannedPrometheus implements AutoCloseable {

  /** What the last request looked like. */
  record Request(
      String method, String path, Map<String, String> params, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private volatile int status = 200;
  private volatile byte[] body = new byte[0];
  private volatile Duration delay = Duration.ZERO;
  private volatile Request last;

  CannedPrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  CannedPrometheus answer(int status, String body) {
    this.status = status;
    this.body = body.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  CannedPrometheus delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  Request lastRequest() {
    return last;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw =
          "POST".equals(exchange.getRequestMethod())
              ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
              : exchange.getRequestURI().getRawQuery();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      last =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              decode(raw),
              headers);
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static Map<String, String> decode(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
