package io.tuneloop.operator.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Prometheus HTTP API ({@code /api/v1/query}) with canned answers for the operator's PromQL
 * telemetry of the {@code pulsar} release: two brokers and three bookies, every query answered per
 * pod (p99 publish latency 20 ms, everything else 0.5). A {@link Fault} spoils the answers the way
 * a real server can: NaN values, stale scrapes, series missing for some pods, or nothing up.
 */
final class PrometheusStandIn implements AutoCloseable {
  enum Fault {
    NONE,
    /** Every metric query answers NaN (for example a rate over a counter that did not move). */
    NAN,
    /** The last scrape of every pod is an hour old. */
    STALE,
    /** Only broker 0 and bookie 0 have series; the other pods' series are missing. */
    PARTIAL,
    /** Every pod's {@code up} is 0: Prometheus cannot scrape any of them. */
    DOWN_TARGETS
  }

  private final HttpServer server;
  private final Clock clock;
  private volatile Fault fault = Fault.NONE;

  PrometheusStandIn(Clock clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  void fault(Fault f) {
    fault = f;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange ex) throws IOException {
    String form =
        "POST".equals(ex.getRequestMethod())
            ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            : ex.getRequestURI().getRawQuery();
    String query = "";
    for (String pair : form == null ? new String[0] : form.split("&")) {
      if (pair.startsWith("query=")) {
        query = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    byte[] body = vector(query).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private String vector(String query) {
    boolean bookies = query.contains("component=\"bookie\"");
    List<String> pods = new ArrayList<>();
    int count = bookies ? 3 : 2;
    int present = fault == Fault.PARTIAL && !query.contains("up{") ? 1 : count;
    for (int i = 0; i < present; i++) {
      pods.add("pulsar-" + (bookies ? "bookie" : "broker") + "-" + i);
    }
    double now = clock.millis() / 1000.0;
    String value;
    if (query.contains("timestamp(up{")) {
      value = number(fault == Fault.STALE ? now - 3600 : now - 5);
    } else if (query.contains("up{")) {
      value = fault == Fault.DOWN_TARGETS ? "0" : "1";
    } else if (fault == Fault.NAN) {
      value = "NaN";
    } else if (query.contains("quantile=\"0.99\"") && !bookies) {
      value = "20";
    } else {
      value = "0.5";
    }
    List<String> samples = new ArrayList<>();
    for (String pod : pods) {
      samples.add(
          "{\"metric\":{\"pod\":\""
              + pod
              + "\"},\"value\":["
              + number(now)
              + ",\""
              + value
              + "\"]}");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", samples)
        + "]}}";
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
