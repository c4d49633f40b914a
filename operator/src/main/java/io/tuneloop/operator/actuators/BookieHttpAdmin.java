package io.tuneloop.operator.actuators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BookKeeper's HTTP admin API (the bookie's {@code httpServerEnabled} endpoint, port 8000 in the
 * Apache Pulsar Helm chart): under-replicated ledgers, read-only state and decommission.
 */
public final class BookieHttpAdmin implements ReplicationStatus {
  private static final Logger LOG = LoggerFactory.getLogger(BookieHttpAdmin.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NO_UNDER_REPLICATED = "No under replicated ledgers found";

  private final Supplier<URI> endpoint;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param endpoint base URL of any live bookie's HTTP server, asked anew for each call (the bookie
   *     answering may change as pods restart)
   */
  public BookieHttpAdmin(Supplier<URI> endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public OptionalLong underReplicatedLedgers() {
    URI uri = endpoint.get().resolve("/api/v1/autorecovery/list_under_replicated_ledger");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return parseUnderReplicated(r.statusCode(), r.body());
    } catch (IOException e) {
      LOG.warn("under-replicated ledgers unknown: {} failed: {}", uri, e.toString());
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** The count in an answer of {@code list_under_replicated_ledger}; empty when unintelligible. */
  static OptionalLong parseUnderReplicated(int status, String body) {
    if (body != null && body.contains(NO_UNDER_REPLICATED)) {
      return OptionalLong.of(0);
    }
    if (status != 200 || body == null) {
      return OptionalLong.empty();
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n.isArray() || n.isObject()) {
        return OptionalLong.of(n.size());
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** Stops new writes to a bookie (it keeps serving reads). */
  public void setReadOnly(URI bookieEndpoint, boolean readOnly) throws IOException {
    send(
        bookieEndpoint.resolve("/api/v1/bookie/state/readonly"), "{\"readOnly\":" + readOnly + "}");
  }

  /**
   * Asks the cluster to re-replicate every ledger of the stopped bookie {@code bookieId} (as it
   * registered, for example {@code pulsar-bookie-2.pulsar-bookie.ns.svc.cluster.local:3181}).
   */
  public void decommission(String bookieId) throws IOException {
    send(
        endpoint.get().resolve("/api/v1/autorecovery/decommission"),
        JSON.createObjectNode().put("bookie_src", bookieId).toString());
  }

  private void send(URI uri, String body) throws IOException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("PUT " + uri + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during PUT " + uri, e);
    }
  }
}
