package io.tuneloop.operator;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays kube-controller-manager's StatefulSet controller against the mock API server, which has
 * none: it creates and deletes pods to match replicas, computes the update revision from the pod
 * template, and restarts (relabels, then readies) pods at or above the RollingUpdate partition
 * whose revision is old. A restarted pod is not ready for one {@link #step()}, as a real pod is not
 * ready while it starts (or until released, when a test holds it unready). It records every
 * restart, and the most pods ever down at once.
 */
public final class StatefulSetControllerEmulator {
  private final KubernetesClient client;
  private final String namespace;
  private final List<String> restarts = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> restartCounts = new HashMap<>();
  private int maxNotReady;
  private final java.util.Set<String> heldUnready = new java.util.HashSet<>();

  public StatefulSetControllerEmulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Keeps {@code pod} unready once it is (after its next restart, or from its creation when it does
   * not exist yet), as a pod whose new configuration keeps it from starting, or a new pod that
   * cannot be scheduled; until {@link #release}.
   */
  public synchronized void holdUnready(String pod) {
    heldUnready.add(pod);
  }

  public synchronized void release(String pod) {
    heldUnready.remove(pod);
  }

  /** Pods restarted, in order. */
  public List<String> restarts() {
    synchronized (restarts) {
      return List.copyOf(restarts);
    }
  }

  public synchronized int restartsOf(String pod) {
    return restartCounts.getOrDefault(pod, 0);
  }

  /** Most pods of one StatefulSet that were not ready at the same time during a roll. */
  public synchronized int maxNotReadyAtOnce() {
    return maxNotReady;
  }

  /** One pass of the controller over every StatefulSet in the namespace. */
  public synchronized void step() {
    for (StatefulSet sts : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
      reconcileWithRetry(sts);
    }
  }

  /**
   * Like the real controller, a status write that loses a race with the operator's own update (409
   * Conflict) is redone from a fresh read rather than failing the pass.
   */
  private void reconcileWithRetry(StatefulSet first) {
    StatefulSet sts = first;
    for (int attempt = 1; ; attempt++) {
      try {
        reconcile(sts);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
        sts =
            client
                .apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(first.getMetadata().getName())
                .get();
        if (sts == null) {
          return;
        }
      }
    }
  }

  private void reconcile(StatefulSet sts) {
    String name = sts.getMetadata().getName();
    int replicas = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
    String revision = name + "-" + templateHash(sts);
    int partition = 0;
    if (sts.getSpec().getUpdateStrategy() != null
        && sts.getSpec().getUpdateStrategy().getRollingUpdate() != null
        && sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() != null) {
      partition = sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
    }
    int ready = 0;
    int notReady = 0;
    for (int i = 0; i < replicas; i++) {
      String podName = name + "-" + i;
      Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
      if (pod == null) {
        boolean held = heldUnready.contains(podName);
        createPod(sts, podName, revision, !held);
        ensureClaims(sts, i);
        if (held) {
          notReady++;
        } else {
          ready++;
        }
        continue;
      }
      String podRevision = pod.getMetadata().getLabels().get("controller-revision-hash");
      boolean isReady = ready(pod);
      if (!isReady && heldUnready.contains(podName)) {
        notReady++;
      } else if (!isReady) {
        setReady(podName, true);
        ready++;
      } else if (i >= partition && !revision.equals(podRevision)) {
        client
            .pods()
            .inNamespace(namespace)
            .withName(podName)
            .edit(
                p ->
                    new PodBuilder(p)
                        .editMetadata()
                        .addToLabels("controller-revision-hash", revision)
                        .endMetadata()
                        .build());
        setReady(podName, false);
        restarts.add(podName);
        restartCounts.merge(podName, 1, Integer::sum);
        notReady++;
      } else {
        ready++;
      }
    }
    maxNotReady = Math.max(maxNotReady, notReady);
    for (Pod p :
        client.pods().inNamespace(namespace).withLabel("statefulset", name).list().getItems()) {
      int ordinal = Integer.parseInt(p.getMetadata().getName().substring(name.length() + 1));
      if (ordinal >= replicas) {
        client.pods().inNamespace(namespace).resource(p).delete();
      }
    }
    int readyNow = ready;
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .withReplicas(replicas)
                      .withReadyReplicas(readyNow)
                      .withUpdateRevision(revision)
                      .build());
              return s;
            });
  }

  private void createPod(StatefulSet sts, String podName, String revision, boolean ready) {
    Map<String, String> labels =
        new HashMap<>(sts.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("controller-revision-hash", revision);
    labels.put("statefulset", sts.getMetadata().getName());
    labels.put("statefulset.kubernetes.io/pod-name", podName);
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .withConditions(condition(ready))
                .endStatus()
                .build())
        .create();
  }

  private void ensureClaims(StatefulSet sts, int ordinal) {
    if (sts.getSpec().getVolumeClaimTemplates() == null) {
      return;
    }
    for (var t : sts.getSpec().getVolumeClaimTemplates()) {
      String claim = t.getMetadata().getName() + "-" + sts.getMetadata().getName() + "-" + ordinal;
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
        client
            .persistentVolumeClaims()
            .inNamespace(namespace)
            .resource(
                new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(claim)
                    .withNamespace(namespace)
                    .endMetadata()
                    .build())
            .create();
      }
    }
  }

  private void setReady(String podName, boolean ready) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(podName)
        .editStatus(
            p -> {
              p.getStatus().setConditions(new ArrayList<>(List.of(condition(ready))));
              return p;
            });
  }

  private static PodCondition condition(boolean ready) {
    return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String templateHash(StatefulSet sts) {
    var meta = sts.getSpec().getTemplate().getMetadata();
    Map<String, String> ann =
        meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    return RollingConfigActuator.configHash(ann).substring(0, 10);
  }
}
