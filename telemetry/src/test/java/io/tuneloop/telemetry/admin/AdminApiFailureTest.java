package io.tuneloop.telemetry.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tuneloop.telemetry.admin.AdminApiException.Failure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures a real broker cannot be made to produce on demand: a silent endpoint (timeout), a 5xx
 * and a 401 from an HTTP server that answers the way Pulsar does ({@code {"reason": ...}}).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class AdminApiFailureTest {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.dGVzdA.very-secret-signature";

  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/admin/v2/broker-stats/load-report",
        exchange -> {
          byte[] body =
              "{\"reason\":\"Failed to generate load report\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/admin/v2/brokers/configuration",
        exchange -> {
          // Echo the credentials back, as a careless proxy might, to prove they are masked.
          String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              ("{\"reason\":\"Unauthorized: " + auth + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aServerErrorIsNamedWithStatusAndReason() {
    try (PulsarAdminTelemetry telemetry = new PulsarAdminTelemetry(PulsarAdminConfig.of(url()))) {
      assertThatThrownBy(telemetry::loadReport)
          .isInstanceOfSatisfying(
              AdminApiException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(Failure.SERVER_ERROR);
                assertThat(e.statusCode()).hasValue(500);
                assertThat(e.getMessage())
                    .contains("GET " + url() + "/admin/v2/broker-stats/load-report")
                    .contains("answered HTTP 500")
                    .contains("Failed to generate load report");
              });
    }
  }

  @Test
  void anUnauthorizedAnswerIsNamedAndTheTokenIsMasked() {
    PulsarAdminConfig config = PulsarAdminConfig.of(url()).withAuthToken(TOKEN);
    try (PulsarAdminTelemetry telemetry = new PulsarAdminTelemetry(config)) {
      assertThatThrownBy(telemetry::dynamicConfiguration)
          .isInstanceOfSatisfying(
              AdminApiException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                assertThat(e.statusCode()).hasValue(401);
                assertThat(e.getMessage())
                    .contains("answered HTTP 401")
                    .contains("Unauthorized: Bearer ***")
                    .doesNotContain(TOKEN);
              });
    }
  }

  @Test
  void aSilentBrokerTimesOut() throws Exception {
    // The kernel accepts connections into the backlog; nobody ever answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      PulsarAdminConfig config =
          PulsarAdminConfig.of("http://127.0.0.1:" + silent.getLocalPort())
              .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
      try (PulsarAdminTelemetry telemetry = new PulsarAdminTelemetry(config)) {
        long start = System.nanoTime();
        assertThatThrownBy(telemetry::loadReport)
            .isInstanceOfSatisfying(
                AdminApiException.class,
                e -> {
                  assertThat(e.failure()).isEqualTo(Failure.TIMEOUT);
                  assertThat(e.statusCode()).isEmpty();
                  assertThat(e.getMessage()).contains("no answer within 2000 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      }
    }
  }
}
