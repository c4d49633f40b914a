package io.tuneloop.operator.actuators;

import java.util.List;

/**
 * Where a rolling restart stands, read from the cluster itself (the StatefulSet's partition and
 * revisions, the pods), so it is the same after an operator restart.
 *
 * @param updatedPods pods already running the new configuration and ready, highest ordinal first
 * @param waitingFor what the roll waits for before the next pod, or empty when done
 */
public record RollProgress(
    String statefulSet, int replicas, List<String> updatedPods, boolean done, String waitingFor) {
  public RollProgress {
    updatedPods = List.copyOf(updatedPods);
  }

  public String describe() {
    if (done) {
      return statefulSet + ": all " + replicas + " pods restarted with the new configuration";
    }
    return statefulSet
        + ": "
        + updatedPods.size()
        + "/"
        + replicas
        + " pods restarted"
        + (updatedPods.isEmpty() ? "" : " " + updatedPods)
        + "; waiting for "
        + waitingFor;
  }
}
