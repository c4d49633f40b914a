package io.tuneloop.operator.actuators;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Sets a StatefulSet's replicas with a JSON patch (never server-side apply). Idempotent: asking for
 * the replicas already set changes nothing.
 */
public final class StatefulSetScaler {
  private final KubernetesClient client;

  public StatefulSetScaler(KubernetesClient client) {
    this.client = client;
  }

  /** The StatefulSet, or an exception naming it when it does not exist. */
  public StatefulSet get(String namespace, String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null) {
      throw new IllegalStateException("StatefulSet " + namespace + "/" + name + " does not exist");
    }
    return sts;
  }

  public int replicas(String namespace, String name) {
    Integer r = get(namespace, name).getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  /**
   * Sets {@code spec.replicas} to {@code replicas}.
   *
   * @return whether anything changed
   */
  public boolean scaleTo(String namespace, String name, int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas=" + replicas + " must be >= 0");
    }
    if (replicas(namespace, name) == replicas) {
      return false;
    }
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]");
    return true;
  }

  /**
   * The first of the StatefulSet's desired pods, highest ordinal first (the order rolls go in),
   * that is missing or not ready; empty when all are ready.
   */
  public java.util.Optional<String> firstUnreadyPod(String namespace, String name) {
    int want = replicas(namespace, name);
    for (int i = want - 1; i >= 0; i--) {
      String pod = name + "-" + i;
      io.fabric8.kubernetes.api.model.Pod p =
          client.pods().inNamespace(namespace).withName(pod).get();
      if (p == null) {
        return java.util.Optional.of(pod + " (not created)");
      }
      if (!RollingConfigActuator.isReady(p)) {
        return java.util.Optional.of(pod);
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether every desired replica exists and is ready. */
  public boolean isSettled(String namespace, String name) {
    StatefulSet sts = get(namespace, name);
    int want = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    Integer ready = sts.getStatus() == null ? null : sts.getStatus().getReadyReplicas();
    Integer current = sts.getStatus() == null ? null : sts.getStatus().getReplicas();
    return ready != null && ready == want && current != null && current == want;
  }
}
