package io.tuneloop.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tuneloop.telemetry.prometheus.Labels;
import io.tuneloop.telemetry.promql.PromQlException.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlClientTest {

  private static final String VECTOR =
      """
      {"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"broker","instance":"127.0.0.1:8080"},"value":[1700000000.123,"1"]},
        {"metric":{"job":"nan"},"value":[1700000000,"NaN"]},
        {"metric":{"job":"inf"},"value":[1700000000,"+Inf"]},
        {"metric":{"job":"ninf"},"value":[1700000000,"-Inf"]},
        {"metric":{},"value":[1700000000,"1.5e-3"]}
      ]}}""";

  private static final String MATRIX =
      """
      {"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"topic":"t1"},"values":[[1700000000,"1"],[1700000001.5,"2"]]},
        {"metric":{"topic":"t2"},"values":[]}
      ]}}""";

  private CannedPrometheus server;
  private PromQlClient client;

  @BeforeEach
  void start() throws IOException {
    server = new CannedPrometheus();
    client = PromQlClient.builder(server.uri()).requestTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PromQlException failure(Runnable call) {
    PromQlException e = catchThrowableOfType(call::run, PromQlException.class);
    assertThat(e).as("expected a PromQlException").isNotNull();
    assertThat(e.getMessage()).contains("(query '").contains(" at http://127.0.0.1:");
    assertThat(e.getMessage().length()).isLessThan(800);
    return e;
  }

  @Test
  void instantVectorWithSpecialValues() {
    server.answer(200, VECTOR);
    QueryResult.Vector v = client.queryVector("up");
    assertThat(v.samples()).hasSize(5);
    InstantSample up = v.samples().get(0);
    assertThat(up.labels())
        .isEqualTo(Labels.of("__name__", "up", "job", "broker", "instance", "127.0.0.1:8080"));
    assertThat(up.point().time()).isEqualTo(Instant.ofEpochSecond(1700000000, 123_000_000));
    assertThat(up.value()).isEqualTo(1);
    assertThat(v.samples().get(1).value()).isNaN();
    assertThat(v.samples().get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(v.samples().get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(v.samples().get(4).labels()).isEqualTo(Labels.EMPTY);
    assertThat(v.samples().get(4).value()).isEqualTo(0.0015);
    assertThat(v.warnings()).isEmpty();
    CannedPrometheus.Request r = server.lastRequest();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/api/v1/query");
    assertThat(r.params())
        .containsEntry("query", "up")
        .containsEntry("timeout", "5")
        .doesNotContainKey("time");
    assertThat(r.headers()).containsEntry("accept", "application/json");
  }

  @Test
  void instantQueryAtATime() {
    server.answer(200, VECTOR);
    client.query("up", Instant.ofEpochSecond(1700000000, 250_000_000));
    assertThat(server.lastRequest().params()).containsEntry("time", "1700000000.25");
  }

  @Test
  void rangeQueryReturnsAMatrix() {
    server.answer(200, MATRIX);
    Instant start = Instant.ofEpochSecond(1700000000);
    QueryResult.Matrix m =
        client.queryRange(
            "rate(pulsar_in_messages_total[1m])",
            start,
            start.plusSeconds(60),
            Duration.ofMillis(1500));
    assertThat(m.series()).hasSize(2);
    assertThat(m.series().get(0).labels()).isEqualTo(Labels.of("topic", "t1"));
    assertThat(m.series().get(0).points())
        .containsExactly(
            new Point(start, 1), new Point(Instant.ofEpochSecond(1700000001, 500_000_000), 2));
    assertThat(m.series().get(1).points()).isEmpty();
    CannedPrometheus.Request r = server.lastRequest();
    assertThat(r.path()).isEqualTo("/api/v1/query_range");
    assertThat(r.params())
        .containsEntry("query", "rate(pulsar_in_messages_total[1m])")
        .containsEntry("start", "1700000000")
        .containsEntry("end", "1700000060")
        .containsEntry("step", "1.5");
  }

  @Test
  void scalarAndStringResults() {
    server.answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}}");
    assertThat(client.queryScalar("scalar(sum(up))").point().value()).isEqualTo(42);
    server.answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000000,\"hi\"]}}");
    QueryResult r = client.query("\"hi\"");
    assertThat(r)
        .isInstanceOfSatisfying(QueryResult.Text.class, t -> assertThat(t.value()).isEqualTo("hi"));
  }

  @Test
  void pathPrefixAndHeadersAreKept() {
    server.answer(200, VECTOR);
    PromQlClient prefixed =
        PromQlClient.builder(URI.create(server.uri() + "/prometheus"))
            .header("Authorization", "Bearer t0ken")
            .build();
    prefixed.queryVector("up");
    assertThat(server.lastRequest().path()).isEqualTo("/prometheus/api/v1/query");
    assertThat(server.lastRequest().headers()).containsEntry("authorization", "Bearer t0ken");
  }

  @Test
  void longQueriesArePostedAsAForm() {
    server.answer(200, VECTOR);
    String query = "sum(" + "up + ".repeat(1500) + "up)";
    client.queryVector(query);
    assertThat(server.lastRequest().method()).isEqualTo("POST");
    assertThat(server.lastRequest().params()).containsEntry("query", query);
  }

  @Test
  void connectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PromQlClient nobody = PromQlClient.of(URI.create("http://127.0.0.1:" + port));
    PromQlException e = failure(() -> nobody.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage())
        .startsWith("cannot connect to Prometheus")
        .contains("http://127.0.0.1:" + port + "/api/v1/query");
    assertThat(e.query()).isEqualTo("up");
    assertThat(e.httpStatus()).isEmpty();
  }

  @Test
  void slowAnswersTimeOut() {
    server.answer(200, VECTOR).delay(Duration.ofSeconds(3));
    PromQlClient impatient =
        PromQlClient.builder(server.uri()).requestTimeout(Duration.ofMillis(300)).build();
    long t0 = System.nanoTime();
    PromQlException e = failure(() -> impatient.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).startsWith("no answer within the request timeout of PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(server.lastRequest().params()).containsEntry("timeout", "0.3");
  }

  @Test
  void interruptedCallerKeepsItsInterruptFlag() {
    server.answer(200, VECTOR).delay(Duration.ofSeconds(3));
    Thread.currentThread().interrupt();
    try {
      PromQlException e = failure(() -> client.queryVector("up"));
      assertThat(e.kind()).isEqualTo(Kind.INTERRUPTED);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void prometheusErrorBodyIsReported() {
    server.answer(
        400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unexpected <EOF>\"}");
    PromQlException e = failure(() -> client.queryVector("sum("));
    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.errorType()).hasValue("bad_data");
    assertThat(e.getMessage())
        .isEqualTo(
            "Prometheus answered HTTP 400 bad_data: invalid parameter \"query\": 1:5: parse error: unexpected <EOF>"
                + " (query 'sum(' at "
                + server.uri()
                + "/api/v1/query)");
  }

  @Test
  void executionErrorsWith422And503() {
    server.answer(
        422,
        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}");
    assertThat(failure(() -> client.queryVector("a / b")).errorType()).hasValue("execution");
    server.answer(
        503,
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");
    PromQlException e = failure(() -> client.queryVector("up"));
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.errorType()).hasValue("timeout");
  }

  @Test
  void errorStatusInASuccessfulHttpAnswer() {
    server.answer(200, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"boom\"}");
    PromQlException e = failure(() -> client.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.getMessage()).startsWith("Prometheus answered HTTP 200 internal: boom");
  }

  @Test
  void nonJsonErrorPagesAreQuotedShortly() {
    server.answer(502, "<html><body>" + "Bad Gateway ".repeat(500) + "</body></html>");
    PromQlException e = failure(() -> client.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.httpStatus()).hasValue(502);
    assertThat(e.getMessage()).startsWith("HTTP 502: \"<html><body>Bad Gateway").contains("bytes)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"success\",\"data\":",
        "{\"status\":\"success\",\"data\":{}} trailing",
        "[]",
        "\"just a string\"",
        "",
        "not json at all"
      })
  void malformedJson(String body) {
    server.answer(200, body);
    PromQlException e = failure(() -> client.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(e.getMessage()).startsWith("answer is not a JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"pending\"}",
        "{\"status\":\"success\"}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"histogram\",\"result\":[]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":1},\"value\":[1,\"1\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a-b\":\"x\"},\"value\":[1,\"1\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"1d\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[\"1\",\"2\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"2\",3]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{}}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1e300,\"2\"]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"histogram\":[1,{\"count\":\"1\"}]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{}}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1]]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":\"1\"}}",
        "{\"status\":\"success\",\"warnings\":\"careful\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}"
      })
  void wellFormedJsonThatIsNotAValidAnswer(String body) {
    server.answer(200, body);
    PromQlException e = failure(() -> client.query("up"));
    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(e.httpStatus()).hasValue(200);
  }

  @Test
  void badAnswersNameWhatIsWrong() {
    server.answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"1\"]},{\"metric\":{},\"value\":[1,\"x1\"]}]}}");
    assertThat(failure(() -> client.query("up")).getMessage())
        .startsWith("vector element 1 value \"x1\" is not a number");
  }

  @Test
  void wrongResultTypes() {
    server.answer(200, MATRIX);
    PromQlException e = failure(() -> client.queryVector("up[5m]"));
    assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED_RESULT_TYPE);
    assertThat(e.getMessage()).startsWith("expected a vector result, got a matrix");
    server.answer(200, VECTOR);
    Instant now = Instant.now();
    PromQlException range =
        failure(() -> client.queryRange("up", now.minusSeconds(60), now, Duration.ofSeconds(15)));
    assertThat(range.kind()).isEqualTo(Kind.UNEXPECTED_RESULT_TYPE);
    assertThat(range.getMessage())
        .startsWith("expected a matrix result, got a vector")
        .contains("/api/v1/query_range");
    assertThat(failure(() -> client.queryScalar("up")).getMessage())
        .startsWith("expected a scalar result, got a vector");
  }

  private static final String WARNED =
      "{\"status\":\"success\",\"warnings\":[\"remote read failed: store unavailable\"],"
          + "\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

  @Test
  void warningsFailByDefault() {
    server.answer(200, WARNED);
    PromQlException e = failure(() -> client.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.WARNINGS);
    assertThat(e.warnings()).containsExactly("remote read failed: store unavailable");
    assertThat(e.getMessage())
        .startsWith(
            "Prometheus answered with warnings, so the data may be incomplete: remote read failed");
  }

  @Test
  void warningsCanBeTolerated() {
    server.answer(200, WARNED);
    PromQlClient tolerant = PromQlClient.builder(server.uri()).tolerateWarnings(true).build();
    assertThat(tolerant.queryVector("up").warnings())
        .containsExactly("remote read failed: store unavailable");
  }

  @Test
  void oversizedAnswersAreRefused() {
    server.answer(200, VECTOR);
    PromQlClient small = PromQlClient.builder(server.uri()).maxResponseBytes(100).build();
    PromQlException e = failure(() -> small.queryVector("up"));
    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(e.getMessage()).startsWith("answer is larger than 100 bytes");
  }

  @Test
  void badRangesAreRefusedBeforeSending() {
    Instant t = Instant.ofEpochSecond(1700000000);
    assertThatThrownBy(() -> client.queryRange("up", t, t.minusSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is before its start");
    assertThatThrownBy(() -> client.queryRange("up", t, t, Duration.ZERO))
        .hasMessage("range step PT0S must be positive");
    assertThatThrownBy(
            () -> client.queryRange("up", t, t.plusSeconds(86_400), Duration.ofSeconds(1)))
        .hasMessageContaining("gives 86401 points per series, more than Prometheus allows (11000)");
    assertThat(server.lastRequest()).isNull();
  }

  @Test
  void badConfigurationIsRefused() {
    assertThatThrownBy(() -> PromQlClient.builder(URI.create("prometheus:9090")))
        .hasMessageContaining("must be absolute http(s)");
    assertThatThrownBy(() -> PromQlClient.builder(URI.create("http://p:9090/?x=1")))
        .hasMessageContaining("must not have a query or fragment");
    assertThatThrownBy(() -> PromQlClient.builder(server.uri()).requestTimeout(Duration.ZERO))
        .hasMessage("request timeout PT0S must be positive");
    assertThatThrownBy(() -> PromQlClient.builder(server.uri()).maxResponseBytes(0))
        .hasMessage("maxResponseBytes=0 must be positive");
  }

  @Test
  void longQueriesAreShortenedInMessagesButKeptInFull() {
    server.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}");
    String query = "x".repeat(5000);
    PromQlException e = failure(() -> client.queryVector(query));
    assertThat(e.query()).hasSize(5000);
    assertThat(e.getMessage()).contains("'" + "x".repeat(200) + "...'");
    assertThat(List.of(e.getMessage().split("x{201}"))).hasSize(1);
  }
}
