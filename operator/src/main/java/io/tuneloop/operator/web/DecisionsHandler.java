package io.tuneloop.operator.web;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the read-only decisions page: {@code /} and {@code /decisions} (HTML), {@code
 * /decisions.json} (JSON). Only GET and HEAD; anything else is answered 405. Mounted as the
 * Prometheus HTTP server's default handler, so it shares the metrics port ({@code /metrics} stays
 * the exporter's).
 */
public final class DecisionsHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(DecisionsHandler.class);
  private static final String HTML = "text/html; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final DecisionSource source;
  private final ObservationHistory history;
  private final Clock clock;
  private final DecisionsPage page = new DecisionsPage();
  private final DecisionsJson json = new DecisionsJson();

  public DecisionsHandler(DecisionSource source, ObservationHistory history, Clock clock) {
    this.source = source;
    this.history = history;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, TEXT, method + " is not allowed here; use GET or HEAD\n");
        return;
      }
      boolean htmlPage = "/".equals(path) || "/decisions".equals(path);
      boolean jsonPage = "/decisions.json".equals(path);
      if (!htmlPage && !jsonPage) {
        send(exchange, 404, TEXT, "no page at " + path + "; see /decisions\n");
        return;
      }
      List<ClusterView> clusters;
      try {
        clusters = ClusterView.of(source.decisions(), history);
      } catch (RuntimeException e) {
        log.warn("cannot list decisions for the decisions page: {}", e.toString());
        if (jsonPage) {
          send(exchange, 503, TEXT, "cannot list decisions: " + e.getMessage() + "\n");
        } else {
          send(
              exchange,
              503,
              HTML,
              "<!DOCTYPE html><title>Tuneloop decisions</title><p>Cannot list decisions: "
                  + escapeHtml4(String.valueOf(e.getMessage()))
                  + "</p>");
        }
        return;
      }
      if (jsonPage) {
        send(exchange, 200, JSON, json.render(clusters, clock.instant()));
      } else {
        send(exchange, 200, HTML, page.render(clusters, clock.instant()));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", "no-store");
    h.set("X-Content-Type-Options", "nosniff");
    // No script, no remote content: only the page's own inline styles.
    h.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      h.set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
