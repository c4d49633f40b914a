package io.tuneloop.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BookKeeper's HTTP admin API as the decommission uses it, answering as BookKeeper 4.17 does (a 404
 * "No under replicated ledgers found" when there are none). A decommission makes the audit mark
 * {@link #ledgersPerBookie} ledgers under-replicated; each later query finds one fewer
 * (re-replication progresses), unless {@link #stuck} holds the count, as when no bookie can take
 * the copies.
 */
public final class BookKeeperStandIn implements AutoCloseable {
  private final HttpServer server;
  private final List<String> puts = Collections.synchronizedList(new ArrayList<>());
  public final AtomicInteger underReplicated = new AtomicInteger();
  public volatile int ledgersPerBookie = 3;
  public volatile boolean stuck;

  public BookKeeperStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every PUT, as {@code path body}. */
  public List<String> puts() {
    synchronized (puts) {
      return List.copyOf(puts);
    }
  }

  public long putsTo(String path) {
    return puts().stream().filter(p -> p.startsWith(path + " ")).count();
  }

  private void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int code = 200;
    String reply = "";
    if ("PUT".equals(ex.getRequestMethod())) {
      puts.add(path + " " + body);
    }
    if (path.equals("/api/v1/autorecovery/list_under_replicated_ledger")) {
      int n = underReplicated.get();
      if (n == 0) {
        code = 404;
        reply = "No under replicated ledgers found";
      } else {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ids.add(Integer.toString(100 + i));
        }
        reply = "[" + String.join(",", ids) + "]";
        if (!stuck) {
          underReplicated.decrementAndGet();
        }
      }
    } else if (path.equals("/api/v1/autorecovery/decommission")) {
      underReplicated.set(ledgersPerBookie);
      reply = "Success send decommission Bookie command " + body;
    }
    byte[] b = reply.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Connection", "close");
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
