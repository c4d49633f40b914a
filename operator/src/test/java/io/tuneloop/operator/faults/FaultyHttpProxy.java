package io.tuneloop.operator.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of a real server (the fixture broker's web service) that
 * injects one fault into the requests a predicate picks: an HTTP status instead of forwarding, or a
 * delay after forwarding (the server acts, the client times out). {@link #close()} closes the port;
 * {@link #reopen()} listens on the same port again, so a client keeps its URL.
 */
final class FaultyHttpProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  /** What happens to a picked request. */
  sealed interface Fault {
    /** Answers {@code code} without forwarding: the server never sees the request. */
    record Status(int code) implements Fault {}

    /** Forwards, then holds the answer for {@code delay}: the server acts, the client gives up. */
    record Slow(Duration delay) implements Fault {}
  }

  private final URI target;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private volatile Predicate<String> picks = r -> false;
  private volatile Fault fault;
  private volatile int faulted;
  private HttpServer server;
  private ExecutorService executor;

  FaultyHttpProxy(URI target) throws IOException {
    this.target = target;
    listen(0);
    this.port = server.getAddress().getPort();
  }

  private void listen(int on) throws IOException {
    executor = Executors.newFixedThreadPool(4);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 16);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Applies {@code f} to every request (as {@code METHOD path}) that {@code which} accepts. */
  synchronized void inject(Predicate<String> which, Fault f) {
    fault = f;
    picks = which;
  }

  synchronized void heal() {
    picks = r -> false;
  }

  /** How many requests got the fault. */
  int faulted() {
    return faulted;
  }

  List<String> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Stops listening: connections to the port are refused. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  synchronized void reopen() throws IOException {
    if (server == null) {
      listen(port);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String request = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
      seen.add(request);
      Fault f = picks.test(request) ? fault : null;
      if (f != null) {
        faulted++;
      }
      if (f instanceof Fault.Status s) {
        byte[] b = ("{\"reason\":\"injected " + s.code() + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(s.code(), b.length);
        ex.getResponseBody().write(b);
        return;
      }
      HttpResponse<byte[]> r = forward(ex);
      if (f instanceof Fault.Slow slow) {
        Thread.sleep(slow.delay().toMillis());
      }
      r.headers()
          .map()
          .forEach(
              (k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                  ex.getResponseHeaders().put(k, v);
                }
              });
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      if (r.body().length > 0) {
        ex.getResponseBody().write(r.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (a slow answer) or the proxy is closing: nothing to answer.
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange ex) throws IOException, InterruptedException {
    URI uri = target.resolve(ex.getRequestURI().toString());
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .method(
                ex.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                v.forEach(value -> b.header(k, value));
              }
            });
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
