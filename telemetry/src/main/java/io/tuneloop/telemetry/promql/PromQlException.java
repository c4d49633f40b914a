package io.tuneloop.telemetry.promql;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A PromQL query did not produce a usable answer. The message names what went wrong, the query
 * (shortened when long) and the URL it was sent to; {@link #kind()} lets callers react without
 * parsing messages.
 */
public final class PromQlException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** The server could not be reached (refused, unreachable, reset, DNS). */
    CONNECTION,
    /** Connecting or waiting for the answer took longer than the configured timeout. */
    TIMEOUT,
    /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
    INTERRUPTED,
    /** Prometheus answered with an error (an HTTP error status or {@code "status":"error"}). */
    SERVER_ERROR,
    /** The answer is not the JSON the HTTP API documents (malformed, missing or bad fields). */
    BAD_RESPONSE,
    /** The answer is well formed but of another result type than the caller asked for. */
    UNEXPECTED_RESULT_TYPE,
    /**
     * Prometheus answered with warnings (its data may be incomplete) and they are not tolerated.
     */
    WARNINGS
  }

  private static final int MAX_QUERY_IN_MESSAGE = 200;

  private final Kind kind;
  private final String query;
  private final URI url;
  private final int httpStatus;
  private final String errorType;
  private final List<String> warnings;

  PromQlException(
      Kind kind,
      String problem,
      String query,
      URI url,
      int httpStatus,
      String errorType,
      List<String> warnings,
      Throwable cause) {
    super(problem + " (query '" + shorten(query) + "' at " + url + ")", cause);
    this.kind = kind;
    this.query = query;
    this.url = url;
    this.httpStatus = httpStatus;
    this.errorType = errorType;
    this.warnings = List.copyOf(warnings);
  }

  PromQlException(Kind kind, String problem, String query, URI url, Throwable cause) {
    this(kind, problem, query, url, -1, null, List.of(), cause);
  }

  private static String shorten(String query) {
    return query.length() <= MAX_QUERY_IN_MESSAGE
        ? query
        : query.substring(0, MAX_QUERY_IN_MESSAGE) + "...";
  }

  public Kind kind() {
    return kind;
  }

  /** The PromQL expression, in full. */
  public String query() {
    return query;
  }

  /** The endpoint the query was sent to. */
  public URI url() {
    return url;
  }

  /** The HTTP status, when an answer arrived. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** Prometheus's {@code errorType} ({@code bad_data}, {@code execution}, {@code timeout}...). */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** Prometheus's warnings, for {@link Kind#WARNINGS}. */
  public List<String> warnings() {
    return warnings;
  }
}
