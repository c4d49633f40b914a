package io.tuneloop.tuning.knobs;

/** How a change to a knob reaches the cluster, which is also what it disrupts. */
public enum ApplyMethod {
  /** Through the Pulsar admin API's dynamic configuration; no pod restarts. */
  DYNAMIC,
  /** A broker ConfigMap key plus a pod-template annotation: brokers restart one at a time. */
  ROLLING_RESTART_BROKERS,
  /** A bookie ConfigMap key plus a pod-template annotation: bookies restart one at a time. */
  ROLLING_RESTART_BOOKIES,
  /** StatefulSet replicas; bookies scale down only by safe decommission. */
  SCALE;

  /** Whether applying it restarts, adds or removes pods (anything but a dynamic setting). */
  public boolean isDisruptive() {
    return this != DYNAMIC;
  }
}
