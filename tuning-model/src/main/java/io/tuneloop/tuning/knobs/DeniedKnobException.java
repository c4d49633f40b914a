package io.tuneloop.tuning.knobs;

/**
 * Someone asked Tuneloop to manage a setting it must never touch (durability or authentication).
 * The operator turns this into a condition on the BrokerCluster; nothing is acted on.
 */
public class DeniedKnobException extends IllegalArgumentException {
  private final String key;

  public DeniedKnobException(String key, String reason) {
    super("'" + key + "' is never tuned: " + reason);
    this.key = key;
  }

  /** The setting name as it was given. */
  public String key() {
    return key;
  }
}
