package io.tuneloop.telemetry.promql;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneloop.telemetry.prometheus.Labels;
import io.tuneloop.telemetry.promql.PromQlException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs PromQL instant queries ({@code /api/v1/query}) and range queries ({@code
 * /api/v1/query_range}) against a Prometheus server's HTTP API and returns typed results.
 *
 * <p>Every failure is a {@link PromQlException} naming the query and URL, with a {@link
 * PromQlException.Kind}: the server unreachable, a timeout (connect and whole-request timeouts are
 * configurable; the request timeout is also sent to Prometheus as its evaluation {@code timeout}),
 * an HTTP error status or {@code "status":"error"} answer (with Prometheus's {@code errorType} and
 * {@code error}), malformed JSON or values, a result type other than the one asked for, and
 * warnings (which mean the data may be incomplete) unless the client tolerates them. Values {@code
 * "NaN"}, {@code "+Inf"} and {@code "-Inf"} are numbers. Native histogram samples are not supported
 * and reported as a bad response.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PromQlClient {

  /** Prometheus refuses range queries with more points per series than this. */
  public static final int MAX_POINTS_PER_SERIES = 11_000;

  private static final int GET_URL_LIMIT = 4096;
  private static final int EXCERPT = 200;

  private final URI queryUrl;
  private final URI rangeUrl;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final boolean tolerateWarnings;
  private final long maxResponseBytes;
  private final Map<String, String> headers;
  private final ObjectMapper json =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PromQlClient(Builder b) {
    String base = b.baseUri.toString();
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    URI root = URI.create(base);
    this.queryUrl = root.resolve("api/v1/query");
    this.rangeUrl = root.resolve("api/v1/query_range");
    this.requestTimeout = b.requestTimeout;
    this.tolerateWarnings = b.tolerateWarnings;
    this.maxResponseBytes = b.maxResponseBytes;
    this.headers = Map.copyOf(b.headers);
    this.http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
  }

  /**
   * A builder for a client of the Prometheus server at {@code baseUri}, e.g. {@code
   * http://prometheus:9090} or {@code http://host/prometheus} behind a path prefix.
   */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** A client with default timeouts (connect 5 s, request 30 s) that fails on warnings. */
  public static PromQlClient of(URI baseUri) {
    return builder(baseUri).build();
  }

  /** Evaluates {@code promql} at the server's current time. */
  public QueryResult query(String promql) {
    return instant(promql, null);
  }

  /** Evaluates {@code promql} at {@code time}. */
  public QueryResult query(String promql, Instant time) {
    return instant(promql, Objects.requireNonNull(time, "time"));
  }

  /** An instant query that must return a vector (the usual case for a metric selector). */
  public QueryResult.Vector queryVector(String promql) {
    return expect(QueryResult.Vector.class, query(promql), promql, queryUrl);
  }

  /** An instant query at {@code time} that must return a vector. */
  public QueryResult.Vector queryVector(String promql, Instant time) {
    return expect(QueryResult.Vector.class, query(promql, time), promql, queryUrl);
  }

  /** An instant query that must return a scalar, e.g. {@code scalar(sum(up))}. */
  public QueryResult.Scalar queryScalar(String promql) {
    return expect(QueryResult.Scalar.class, query(promql), promql, queryUrl);
  }

  /**
   * Evaluates {@code promql} at every {@code step} from {@code start} to {@code end}.
   *
   * @throws IllegalArgumentException before sending anything when {@code end} precedes {@code
   *     start}, {@code step} is not positive or would give more than {@value
   *     #MAX_POINTS_PER_SERIES} points per series
   */
  public QueryResult.Matrix queryRange(String promql, Instant start, Instant end, Duration step) {
    Objects.requireNonNull(promql, "promql");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("range end " + end + " is before its start " + start);
    }
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("range step " + step + " must be positive");
    }
    long points = Duration.between(start, end).toMillis() / Math.max(1, step.toMillis()) + 1;
    if (points > MAX_POINTS_PER_SERIES) {
      throw new IllegalArgumentException(
          "range "
              + start
              + ".."
              + end
              + " at step "
              + step
              + " gives "
              + points
              + " points per series, more than Prometheus allows ("
              + MAX_POINTS_PER_SERIES
              + ")");
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", promql);
    params.put("start", seconds(start));
    params.put("end", seconds(end));
    params.put("step", seconds(step));
    QueryResult result = send(rangeUrl, promql, params);
    return expect(QueryResult.Matrix.class, result, promql, rangeUrl);
  }

  private QueryResult instant(String promql, Instant time) {
    Objects.requireNonNull(promql, "promql");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", promql);
    if (time != null) {
      params.put("time", seconds(time));
    }
    return send(queryUrl, promql, params);
  }

  private static String seconds(Instant t) {
    return BigDecimal.valueOf(t.getEpochSecond())
        .add(BigDecimal.valueOf(t.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.getSeconds())
        .add(BigDecimal.valueOf(d.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  private <T extends QueryResult> T expect(Class<T> type, QueryResult result, String q, URI url) {
    if (!type.isInstance(result)) {
      String wanted = type.getSimpleName().toLowerCase(Locale.ROOT);
      throw new PromQlException(
          Kind.UNEXPECTED_RESULT_TYPE,
          "expected a "
              + (wanted.equals("text") ? "string" : wanted)
              + " result, got a "
              + result.resultType(),
          q,
          url,
          null);
    }
    return type.cast(result);
  }

  // ------------------------------------------------------------------ HTTP

  private QueryResult send(URI url, String promql, Map<String, String> params) {
    params.put("timeout", seconds(requestTimeout));
    String form = form(params);
    HttpRequest.Builder request =
        HttpRequest.newBuilder().timeout(requestTimeout).header("Accept", "application/json");
    headers.forEach(request::header);
    if (url.toString().length() + 1 + form.length() <= GET_URL_LIMIT) {
      request.uri(URI.create(url + "?" + form)).GET();
    } else {
      // Long expressions go in a form body: Prometheus accepts POST on both endpoints.
      request
          .uri(url)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new PromQlException(
          Kind.TIMEOUT, "could not connect within " + connectTimeoutText(), promql, url, e);
    } catch (HttpTimeoutException e) {
      throw new PromQlException(
          Kind.TIMEOUT,
          "no answer within the request timeout of " + requestTimeout,
          promql,
          url,
          e);
    } catch (ConnectException e) {
      throw new PromQlException(
          Kind.CONNECTION, "cannot connect to Prometheus: " + describe(e), promql, url, e);
    } catch (IOException e) {
      throw new PromQlException(
          Kind.CONNECTION, "request to Prometheus failed: " + describe(e), promql, url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PromQlException(Kind.INTERRUPTED, "interrupted while waiting", promql, url, e);
    }
    byte[] body = readBody(response, promql, url);
    return interpret(response.statusCode(), body, promql, url);
  }

  private String connectTimeoutText() {
    return http.connectTimeout().map(Duration::toString).orElse("the connect timeout");
  }

  private static String describe(Throwable e) {
    // ConnectException from java.net.http often has a null message; its cause has the detail.
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private byte[] readBody(HttpResponse<InputStream> response, String promql, URI url) {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
      if (body.length > maxResponseBytes) {
        throw new PromQlException(
            Kind.BAD_RESPONSE,
            "answer is larger than " + maxResponseBytes + " bytes; narrow the query",
            promql,
            url,
            response.statusCode(),
            null,
            List.of(),
            null);
      }
      return body;
    } catch (HttpTimeoutException e) {
      throw new PromQlException(
          Kind.TIMEOUT, "answer not complete within " + requestTimeout, promql, url, e);
    } catch (IOException e) {
      throw new PromQlException(
          Kind.CONNECTION, "reading the answer failed: " + describe(e), promql, url, e);
    }
  }

  private static String form(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ JSON

  private QueryResult interpret(int status, byte[] body, String promql, URI url) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    boolean httpOk = status >= 200 && status < 300;
    if (root == null || !root.isObject()) {
      throw new PromQlException(
          httpOk ? Kind.BAD_RESPONSE : Kind.SERVER_ERROR,
          (httpOk ? "answer is not a JSON object" : "HTTP " + status) + ": " + excerpt(body),
          promql,
          url,
          status,
          null,
          List.of(),
          null);
    }
    String outcome = root.path("status").asText("");
    if (!httpOk || outcome.equals("error")) {
      String errorType = root.path("errorType").isTextual() ? root.get("errorType").asText() : null;
      String error = root.path("error").isTextual() ? root.get("error").asText() : excerpt(body);
      throw new PromQlException(
          Kind.SERVER_ERROR,
          "Prometheus answered HTTP "
              + status
              + (errorType != null ? " " + errorType : "")
              + ": "
              + shorten(error),
          promql,
          url,
          status,
          errorType,
          List.of(),
          null);
    }
    if (!outcome.equals("success")) {
      throw bad(
          "\"status\" is " + quote(root.get("status")) + ", expected \"success\" or \"error\"",
          promql,
          url,
          status);
    }
    List<String> warnings = new ArrayList<>();
    JsonNode w = root.get("warnings");
    if (w != null && !w.isNull()) {
      if (!w.isArray()) {
        throw bad("\"warnings\" is not an array", promql, url, status);
      }
      for (JsonNode n : w) {
        warnings.add(n.asText());
      }
    }
    if (!warnings.isEmpty() && !tolerateWarnings) {
      throw new PromQlException(
          Kind.WARNINGS,
          "Prometheus answered with warnings, so the data may be incomplete: "
              + shorten(String.join("; ", warnings)),
          promql,
          url,
          status,
          null,
          warnings,
          null);
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw bad("answer has no \"data\" object", promql, url, status);
    }
    String type = data.path("resultType").asText("");
    JsonNode result = data.get("result");
    if (result == null || result.isNull()) {
      throw bad("answer has no \"data.result\"", promql, url, status);
    }
    return switch (type) {
      case "vector" -> new QueryResult.Vector(vector(result, promql, url, status), warnings);
      case "matrix" -> new QueryResult.Matrix(matrix(result, promql, url, status), warnings);
      case "scalar" ->
          new QueryResult.Scalar(point(result, "scalar result", promql, url, status), warnings);
      case "string" -> {
        requirePair(result, "string result", promql, url, status);
        yield new QueryResult.Text(
            time(result.get(0), "string result", promql, url, status),
            result.get(1).asText(),
            warnings);
      }
      default ->
          throw bad(
              "\"data.resultType\" is "
                  + quote(data.get("resultType"))
                  + ", expected vector, matrix, scalar or string",
              promql,
              url,
              status);
    };
  }

  private List<InstantSample> vector(JsonNode result, String promql, URI url, int status) {
    if (!result.isArray()) {
      throw bad("vector result is not an array", promql, url, status);
    }
    List<InstantSample> out = new ArrayList<>(result.size());
    int i = 0;
    for (JsonNode series : result) {
      String where = "vector element " + i++;
      Labels labels = labels(series, where, promql, url, status);
      if (series.has("histogram") && !series.has("value")) {
        throw bad(
            where + " is a native histogram, which this client does not support",
            promql,
            url,
            status);
      }
      out.add(
          new InstantSample(
              labels, point(series.get("value"), where + " value", promql, url, status)));
    }
    return out;
  }

  private List<RangeSeries> matrix(JsonNode result, String promql, URI url, int status) {
    if (!result.isArray()) {
      throw bad("matrix result is not an array", promql, url, status);
    }
    List<RangeSeries> out = new ArrayList<>(result.size());
    int i = 0;
    for (JsonNode series : result) {
      String where = "matrix series " + i++;
      Labels labels = labels(series, where, promql, url, status);
      JsonNode values = series.get("values");
      if (values == null && series.has("histograms")) {
        throw bad(
            where + " holds native histograms, which this client does not support",
            promql,
            url,
            status);
      }
      if (values == null || !values.isArray()) {
        throw bad(where + " has no \"values\" array", promql, url, status);
      }
      List<Point> points = new ArrayList<>(values.size());
      int j = 0;
      for (JsonNode v : values) {
        points.add(point(v, where + " point " + j++, promql, url, status));
      }
      out.add(new RangeSeries(labels, points));
    }
    return out;
  }

  private Labels labels(JsonNode series, String where, String promql, URI url, int status) {
    if (!series.isObject()) {
      throw bad(where + " is not an object", promql, url, status);
    }
    JsonNode metric = series.get("metric");
    if (metric == null || !metric.isObject()) {
      throw bad(where + " has no \"metric\" object", promql, url, status);
    }
    List<String> kv = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getValue().isTextual()) {
        throw bad(where + " label " + f.getKey() + " is not a string", promql, url, status);
      }
      kv.add(f.getKey());
      kv.add(f.getValue().asText());
    }
    try {
      return Labels.of(kv.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw bad(where + ": " + e.getMessage(), promql, url, status);
    }
  }

  private Point point(JsonNode pair, String where, String promql, URI url, int status) {
    requirePair(pair, where, promql, url, status);
    Instant time = time(pair.get(0), where, promql, url, status);
    JsonNode v = pair.get(1);
    if (!v.isTextual()) {
      throw bad(where + " " + quote(v) + " is not a string", promql, url, status);
    }
    return new Point(time, number(v.asText(), where, promql, url, status));
  }

  private void requirePair(JsonNode pair, String where, String promql, URI url, int status) {
    if (pair == null || !pair.isArray() || pair.size() != 2) {
      throw bad(
          where + " is " + quote(pair) + ", expected [<unix seconds>, \"<value>\"]",
          promql,
          url,
          status);
    }
  }

  private Instant time(JsonNode t, String where, String promql, URI url, int status) {
    if (!t.isNumber()) {
      throw bad(where + " timestamp " + quote(t) + " is not a number", promql, url, status);
    }
    BigDecimal seconds = t.decimalValue();
    try {
      long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Instant.ofEpochSecond(whole, nanos);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw bad(where + " timestamp " + quote(t) + " is out of range", promql, url, status);
    }
  }

  private double number(String text, String where, String promql, URI url, int status) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    // Go's FormatFloat output: digits, '.', 'e', signs. Refuse Java-only forms like "1d".
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
        throw bad(where + " \"" + shorten(text) + "\" is not a number", promql, url, status);
      }
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw bad(where + " \"" + shorten(text) + "\" is not a number", promql, url, status);
    }
  }

  private static PromQlException bad(String problem, String promql, URI url, int status) {
    return new PromQlException(
        Kind.BAD_RESPONSE, problem, promql, url, status, null, List.of(), null);
  }

  private static String quote(JsonNode n) {
    return n == null ? "missing" : shorten(n.toString());
  }

  private static String shorten(String s) {
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "...";
  }

  private static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "empty body";
    }
    String text =
        new String(body, 0, Math.min(body.length, EXCERPT * 2), StandardCharsets.UTF_8)
            .replaceAll("\\p{Cntrl}", " ")
            .strip();
    return "\""
        + shorten(text)
        + "\""
        + (body.length > EXCERPT ? " (" + body.length + " bytes)" : "");
  }

  /** Configures a {@link PromQlClient}. */
  public static final class Builder {
    private final URI baseUri;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private boolean tolerateWarnings;
    private long maxResponseBytes = 64L * 1024 * 1024;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpClient httpClient;

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      String scheme = baseUri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) || baseUri.getHost() == null) {
        throw new IllegalArgumentException(
            "Prometheus URL " + baseUri + " must be absolute http(s), e.g. http://prometheus:9090");
      }
      if (baseUri.getQuery() != null || baseUri.getFragment() != null) {
        throw new IllegalArgumentException(
            "Prometheus URL " + baseUri + " must not have a query or fragment");
      }
      this.baseUri = baseUri;
    }

    /** How long to wait for a TCP connection (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * How long to wait for a whole answer (default 30 s); also sent to Prometheus as the query
     * evaluation timeout.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /**
     * Whether answers with warnings are returned (with {@link QueryResult#warnings()}) instead of
     * failing with {@link PromQlException.Kind#WARNINGS}. Default: fail.
     */
    public Builder tolerateWarnings(boolean tolerate) {
      this.tolerateWarnings = tolerate;
      return this;
    }

    /** The largest answer accepted (default 64 MiB). */
    public Builder maxResponseBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes=" + bytes + " must be positive");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /** A header sent with every request, e.g. {@code Authorization}. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The HTTP client to use (its own connect timeout then applies instead of {@link
     * #connectTimeout}); by default one is created per {@link PromQlClient}.
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    public PromQlClient build() {
      return new PromQlClient(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " " + d + " must be positive");
      }
      return d;
    }
  }
}
