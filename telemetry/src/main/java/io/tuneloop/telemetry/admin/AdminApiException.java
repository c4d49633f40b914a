package io.tuneloop.telemetry.admin;

import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.util.OptionalInt;

/**
 * A Pulsar admin API call failed. The message names the call, the URL, the HTTP status when there
 * was one, and the broker's reason; it never contains the auth token.
 */
public class AdminApiException extends TelemetryException {

  /** What kind of failure, so callers can decide between retrying, alerting and giving up. */
  public enum Failure {
    /** No connection: refused, unknown host, no route, TLS handshake failed. */
    UNREACHABLE,
    /** Connected, but no answer within the request timeout. */
    TIMEOUT,
    /** HTTP 401 or 403: the token is missing, wrong, or lacks the super-user role. */
    UNAUTHORIZED,
    /** Another HTTP 4xx: the request was wrong (unknown setting, bad value, missing topic...). */
    BAD_REQUEST,
    /** HTTP 5xx: the broker failed. */
    SERVER_ERROR,
    /** Anything else, such as an answer that could not be read. */
    OTHER
  }

  private final String url;
  private final int statusCode;
  private final Failure failure;

  public AdminApiException(
      String message, String url, int statusCode, Failure failure, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.statusCode = statusCode;
    this.failure = failure;
  }

  /** The URL that was called (without credentials). */
  public String url() {
    return url;
  }

  /** The HTTP status, when the broker answered. */
  public OptionalInt statusCode() {
    return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
  }

  public Failure failure() {
    return failure;
  }
}
