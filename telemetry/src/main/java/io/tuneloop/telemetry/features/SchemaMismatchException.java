package io.tuneloop.telemetry.features;

/** A model artifact or federated update was built for another feature schema. */
public class SchemaMismatchException extends RuntimeException {
  public SchemaMismatchException(String message) {
    super(message);
  }
}
