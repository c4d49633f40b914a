package io.tuneloop.telemetry.snapshot;

/** Telemetry could not be collected at all; the message names the source and the cause. */
public class TelemetryException extends Exception {
  public TelemetryException(String message) {
    super(message);
  }

  public TelemetryException(String message, Throwable cause) {
    super(message, cause);
  }
}
