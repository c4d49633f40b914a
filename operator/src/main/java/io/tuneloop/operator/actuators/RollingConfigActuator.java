package io.tuneloop.operator.actuators;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Changes a restart-required setting: writes the ConfigMap key, then restarts the StatefulSet's
 * pods one at a time.
 *
 * <p>ConfigMap keys follow the Apache Pulsar Helm chart: the plain .conf name, or the same name
 * with {@code PULSAR_PREFIX_} (which the chart's {@code apply-config-from-env.py} applies last).
 * Whichever forms exist are all written, so they cannot disagree; a key in neither form is added
 * with the prefix, which the chart applies whether or not the .conf file lists it.
 *
 * <p>The roll: the pod template gets the annotation {@value #CONFIG_HASH_ANNOTATION} (a hash of the
 * ConfigMap data) together with a RollingUpdate partition equal to the replica count, so the
 * StatefulSet controller restarts nothing yet. Each call then lowers the partition by one, which
 * restarts exactly one pod (highest ordinal first), but only when every pod is ready, every pod at
 * or above the partition runs the new revision, and no ledger is under-replicated. All state lives
 * in the cluster, so calls are idempotent, a restarted operator resumes where the roll stood, and
 * no pod is restarted twice for one change.
 */
public final class RollingConfigActuator {
  public static final String CONFIG_HASH_ANNOTATION = "tuneloop.io/config-hash";
  public static final String HELM_PREFIX = "PULSAR_PREFIX_";
  static final String REVISION_LABEL = "controller-revision-hash";

  private final KubernetesClient client;
  private final ReplicationStatus replication;

  public RollingConfigActuator(KubernetesClient client, ReplicationStatus replication) {
    this.client = client;
    this.replication = replication;
  }

  /** The ConfigMap keys that hold {@code knob} (existing forms, or the prefixed form if none). */
  public static List<String> keysFor(Map<String, String> data, String knob) {
    List<String> keys = new ArrayList<>();
    if (data != null && data.containsKey(knob)) {
      keys.add(knob);
    }
    if (data != null && data.containsKey(HELM_PREFIX + knob)) {
      keys.add(HELM_PREFIX + knob);
    }
    if (keys.isEmpty()) {
      keys.add(HELM_PREFIX + knob);
    }
    return keys;
  }

  /** The value pods get for {@code knob}: the prefixed form wins, as in the chart's script. */
  public static Optional<String> valueIn(Map<String, String> data, String knob) {
    if (data == null) {
      return Optional.empty();
    }
    String prefixed = data.get(HELM_PREFIX + knob);
    return Optional.ofNullable(prefixed != null ? prefixed : data.get(knob));
  }

  /** Under-replicated ledgers now, as the roll sees them; empty when unknown. */
  public OptionalLong underReplicatedLedgers() {
    return replication.underReplicatedLedgers();
  }

  public Optional<String> currentValue(String namespace, String configMap, String knob) {
    return valueIn(configMap(namespace, configMap).getData(), knob);
  }

  /**
   * Moves the cluster one step towards {@code knob=value} on every pod of {@code statefulSet}. Call
   * again until the progress is {@link RollProgress#done() done}.
   */
  public RollProgress apply(
      String namespace, String configMap, String statefulSet, String knob, String value) {
    ConfigMap cm = configMap(namespace, configMap);
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    StringBuilder patch = new StringBuilder();
    if (cm.getData() == null) {
      patch.append("{\"op\":\"add\",\"path\":\"/data\",\"value\":{}},");
    }
    for (String key : keysFor(data, knob)) {
      if (!value.equals(data.get(key))) {
        patch.append(op("add", "/data/" + pointer(key), quote(value))).append(',');
      }
    }
    if (patch.length() > 0) {
      patch.setLength(patch.length() - 1);
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(configMap)
          .patch(PatchContext.of(PatchType.JSON), "[" + patch + "]");
      cm = configMap(namespace, configMap);
    }
    String hash = configHash(cm.getData());

    StatefulSet sts = statefulSet(namespace, statefulSet);
    int replicas = replicas(sts);
    if (!hash.equals(templateAnnotation(sts))) {
      startRoll(namespace, statefulSet, sts, hash, replicas);
      sts = statefulSet(namespace, statefulSet);
    }
    return advance(namespace, sts, true);
  }

  /** Where the roll of {@code statefulSet} stands, without changing anything. */
  public RollProgress progress(String namespace, String statefulSet) {
    return advance(namespace, statefulSet(namespace, statefulSet), false);
  }

  private void startRoll(
      String namespace, String name, StatefulSet sts, String hash, int replicas) {
    List<String> ops = new ArrayList<>();
    if (sts.getSpec().getTemplate().getMetadata() == null) {
      ops.add(op("add", "/spec/template/metadata", "{}"));
    }
    if (sts.getSpec().getTemplate().getMetadata() == null
        || sts.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
      ops.add(op("add", "/spec/template/metadata/annotations", "{}"));
    }
    ops.add(
        op(
            "add",
            "/spec/template/metadata/annotations/" + pointer(CONFIG_HASH_ANNOTATION),
            quote(hash)));
    // Same patch: the controller must never see the new template without the partition.
    ops.add(
        op(
            "add",
            "/spec/updateStrategy",
            "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":" + replicas + "}}"));
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON), "[" + String.join(",", ops) + "]");
  }

  private RollProgress advance(String namespace, StatefulSet sts, boolean act) {
    String name = sts.getMetadata().getName();
    int replicas = replicas(sts);
    int partition = partition(sts);
    String updateRevision = sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision();
    Long generation = sts.getMetadata().getGeneration();
    Long observed = sts.getStatus() == null ? null : sts.getStatus().getObservedGeneration();
    List<String> updated = new ArrayList<>();
    String waiting = null;
    if (updateRevision == null
        || (generation != null && (observed == null || observed < generation))) {
      waiting = "the StatefulSet controller to observe the new template";
    }
    for (int i = replicas - 1; i >= 0; i--) {
      String podName = name + "-" + i;
      Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
      boolean ready = pod != null && isReady(pod);
      boolean current =
          pod != null
              && updateRevision != null
              && pod.getMetadata().getLabels() != null
              && updateRevision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL));
      if (current && ready && i >= partition) {
        updated.add(podName);
      } else if (waiting == null && i >= partition) {
        waiting = podName + (current ? " to become ready" : " to restart with the new revision");
      } else if (waiting == null && !ready) {
        waiting = podName + " to become ready";
      }
    }
    if (waiting == null && partition == 0) {
      return new RollProgress(name, replicas, updated, true, "");
    }
    if (waiting == null) {
      OptionalLong under = replication.underReplicatedLedgers();
      if (under.isEmpty()) {
        waiting = "under-replicated ledgers to be known (the bookie admin API did not answer)";
      } else if (under.getAsLong() > 0) {
        waiting = under.getAsLong() + " under-replicated ledgers to be re-replicated";
      }
    }
    if (waiting == null && act) {
      int next = partition - 1;
      client
          .apps()
          .statefulSets()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON),
              "["
                  + op("test", "/spec/updateStrategy/rollingUpdate/partition", "" + partition)
                  + ","
                  + op("replace", "/spec/updateStrategy/rollingUpdate/partition", "" + next)
                  + "]");
      waiting = name + "-" + next + " to restart with the new revision";
    } else if (waiting == null) {
      waiting = "the next step (" + name + "-" + (partition - 1) + ")";
    }
    return new RollProgress(name, replicas, updated, false, waiting);
  }

  static boolean isReady(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A short, stable hash of all ConfigMap data: equal data, equal hash. */
  public static String configHash(Map<String, String> data) {
    TreeMap<String, String> sorted = new TreeMap<>(data == null ? Map.of() : data);
    StringBuilder sb = new StringBuilder();
    sorted.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private ConfigMap configMap(String namespace, String name) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
    if (cm == null) {
      throw new IllegalStateException("ConfigMap " + namespace + "/" + name + " does not exist");
    }
    return cm;
  }

  private StatefulSet statefulSet(String namespace, String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null) {
      throw new IllegalStateException("StatefulSet " + namespace + "/" + name + " does not exist");
    }
    return sts;
  }

  private static String templateAnnotation(StatefulSet sts) {
    var meta = sts.getSpec().getTemplate().getMetadata();
    if (meta == null || meta.getAnnotations() == null) {
      return null;
    }
    return meta.getAnnotations().get(CONFIG_HASH_ANNOTATION);
  }

  private static int replicas(StatefulSet sts) {
    return Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
  }

  private static int partition(StatefulSet sts) {
    var strategy = sts.getSpec().getUpdateStrategy();
    if (strategy == null
        || strategy.getRollingUpdate() == null
        || strategy.getRollingUpdate().getPartition() == null) {
      return 0;
    }
    return strategy.getRollingUpdate().getPartition();
  }

  private static String op(String op, String path, String valueJson) {
    return "{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"value\":" + valueJson + "}";
  }

  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
