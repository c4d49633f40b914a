package io.tuneloop.operator.env;

import java.util.Objects;
import java.util.Optional;

/**
 * How far a change in flight has got, read from the cluster (never from the operator's memory).
 *
 * @param reached what the change has reached so far; progress is any change of it between two looks
 *     (a pod updated or ready, the next pod's restart begun, a replica count reached)
 * @param unreadyPod the pod the change waits for, while one of its workload's pods is unready
 */
public record ChangeProgress(String reached, Optional<String> unreadyPod) {
  public ChangeProgress {
    Objects.requireNonNull(reached, "reached");
    Objects.requireNonNull(unreadyPod, "unreadyPod");
  }
}
