package io.tuneloop.operator.local;

import java.util.Map;

/**
 * Changes restart-required settings of a cluster that runs outside Kubernetes (the demo's local
 * standalone broker and bookie, which read one conf file) by restarting it with new conf values.
 */
public interface RestartActuator {

  /** The conf values the cluster runs with now (keys as in broker.conf and bookkeeper.conf). */
  Map<String, String> settings();

  /**
   * Restarts the cluster with {@code key=value} added to its current settings and returns once it
   * answers again.
   *
   * @return what was done, in words
   * @throws RuntimeException when the restart failed; the implementation has then tried to bring
   *     the cluster back with the settings it ran with before, and the message says how that went
   */
  String restartWith(String key, String value);
}
