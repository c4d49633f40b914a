package io.tuneloop.tuning.store;

/**
 * A model artifact was refused: unreadable, truncated, corrupt, built for another schema or
 * catalog, or holding non-finite weights. The message names the artifact and what was expected.
 */
public class ModelLoadException extends Exception {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
