package io.tuneloop.operator.actuators;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Removes the highest-ordinal bookie without losing a replica, the way BookKeeper supports it:
 *
 * <ol>
 *   <li>wait until no ledger is under-replicated, then mark the bookie read-only (no new writes);
 *   <li>scale the StatefulSet down by one (the pod stops, its volumes stay);
 *   <li>once the pod is gone, ask BookKeeper to decommission it (re-replicate its ledgers);
 *   <li>wait for re-replication: no under-replicated ledgers, and at least the audit delay since
 *       the request, so the auditor has had time to mark the bookie's ledgers;
 *   <li>delete the bookie's PersistentVolumeClaims, so a later scale-up starts clean.
 * </ol>
 *
 * Progress is kept in annotations on the StatefulSet, so every call is idempotent and a restarted
 * operator resumes at the step it stood at.
 */
public final class BookieDecommissioner {
  public static final String ORDINAL_ANNOTATION = "tuneloop.io/decommission-ordinal";
  public static final String REQUESTED_ANNOTATION = "tuneloop.io/decommission-requested-at";

  /**
   * How a bookie pod is addressed: its registered id (the Helm chart sets {@code
   * useHostNameAsBookieID}) and its HTTP admin endpoint.
   *
   * @param httpOverride when present, every bookie's HTTP admin API is reached here instead (a
   *     port-forward, or a test's stand-in)
   */
  public record Addressing(
      String clusterDomain, int bookiePort, int httpPort, java.util.Optional<URI> httpOverride) {
    public static Addressing helmChart() {
      return new Addressing("cluster.local", 3181, 8000, java.util.Optional.empty());
    }

    public String host(String pod, String service, String namespace) {
      return pod + "." + service + "." + namespace + ".svc." + clusterDomain;
    }

    public URI httpEndpoint(String pod, String service, String namespace) {
      return httpOverride.orElseGet(
          () -> URI.create("http://" + host(pod, service, namespace) + ":" + httpPort));
    }
  }

  /** Where a decommission stands. */
  public record Step(boolean done, String detail) {}

  private final KubernetesClient client;
  private final BookieHttpAdmin bookies;
  private final Addressing addressing;
  private final Duration auditDelay;
  private final Clock clock;

  public BookieDecommissioner(
      KubernetesClient client,
      BookieHttpAdmin bookies,
      Addressing addressing,
      Duration auditDelay,
      Clock clock) {
    this.client = client;
    this.bookies = bookies;
    this.addressing = addressing;
    this.auditDelay = auditDelay;
    this.clock = clock;
  }

  /**
   * One step towards {@code target} replicas (one bookie less than now, or the one under way). Call
   * again until {@link Step#done()}.
   */
  public Step step(String namespace, String statefulSet, int target) {
    StatefulSet sts = sts(namespace, statefulSet);
    Map<String, String> ann =
        sts.getMetadata().getAnnotations() == null ? Map.of() : sts.getMetadata().getAnnotations();
    int replicas = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
    String service = Objects.requireNonNullElse(sts.getSpec().getServiceName(), statefulSet);
    String ordinalText = ann.get(ORDINAL_ANNOTATION);

    if (ordinalText == null) {
      if (replicas <= target) {
        return new Step(true, statefulSet + " already has " + replicas + " replicas");
      }
      if (replicas - target != 1) {
        throw new IllegalArgumentException(
            "bookies are removed one at a time; asked " + replicas + " -> " + target);
      }
      String blocked = unsafe();
      if (blocked != null) {
        return new Step(false, "waiting before decommission: " + blocked);
      }
      int ordinal = replicas - 1;
      String pod = statefulSet + "-" + ordinal;
      try {
        bookies.setReadOnly(addressing.httpEndpoint(pod, service, namespace), true);
      } catch (IOException e) {
        return new Step(false, "could not make " + pod + " read-only: " + e);
      }
      annotate(namespace, statefulSet, ORDINAL_ANNOTATION, Integer.toString(ordinal));
      ordinalText = Integer.toString(ordinal);
    }

    int ordinal = Integer.parseInt(ordinalText);
    String pod = statefulSet + "-" + ordinal;
    if (replicas > ordinal) {
      client
          .apps()
          .statefulSets()
          .inNamespace(namespace)
          .withName(statefulSet)
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + ordinal + "}]");
      return new Step(false, pod + " is read-only; scaled " + statefulSet + " to " + ordinal);
    }
    if (client.pods().inNamespace(namespace).withName(pod).get() != null) {
      return new Step(false, "waiting for " + pod + " to stop");
    }
    String bookieId = addressing.host(pod, service, namespace) + ":" + addressing.bookiePort();
    String requested = ann.get(REQUESTED_ANNOTATION);
    if (requested == null) {
      try {
        bookies.decommission(bookieId);
      } catch (IOException e) {
        return new Step(
            false, "decommission of " + bookieId + " failed, will retry: " + e.getMessage());
      }
      annotate(namespace, statefulSet, REQUESTED_ANNOTATION, clock.instant().toString());
      return new Step(false, "decommission of " + bookieId + " requested; re-replicating");
    }
    Duration since = Duration.between(Instant.parse(requested), clock.instant());
    if (since.compareTo(auditDelay) < 0) {
      return new Step(
          false,
          "re-replicating "
              + bookieId
              + " ("
              + since.toSeconds()
              + "s of at least "
              + auditDelay.toSeconds()
              + "s)");
    }
    String blocked = unsafe();
    if (blocked != null) {
      return new Step(false, "re-replicating " + bookieId + ": " + blocked);
    }
    int deleted = 0;
    for (PersistentVolumeClaim claim :
        sts.getSpec().getVolumeClaimTemplates() == null
            ? java.util.List.<PersistentVolumeClaim>of()
            : sts.getSpec().getVolumeClaimTemplates()) {
      String pvc = claim.getMetadata().getName() + "-" + pod;
      if (!client
          .persistentVolumeClaims()
          .inNamespace(namespace)
          .withName(pvc)
          .delete()
          .isEmpty()) {
        deleted++;
      }
    }
    removeAnnotations(namespace, statefulSet);
    return new Step(
        true,
        bookieId + " decommissioned and re-replicated; deleted " + deleted + " volume claims");
  }

  private String unsafe() {
    OptionalLong under = bookies.underReplicatedLedgers();
    if (under.isEmpty()) {
      return "under-replicated ledgers are unknown (bookie admin API did not answer)";
    }
    if (under.getAsLong() > 0) {
      return under.getAsLong() + " ledgers are under-replicated";
    }
    return null;
  }

  private StatefulSet sts(String namespace, String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null) {
      throw new IllegalStateException("StatefulSet " + namespace + "/" + name + " does not exist");
    }
    return sts;
  }

  private void annotate(String namespace, String name, String key, String value) {
    StatefulSet sts = sts(namespace, name);
    String ops =
        (sts.getMetadata().getAnnotations() == null
                ? "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{}},"
                : "")
            + "{\"op\":\"add\",\"path\":\"/metadata/annotations/"
            + key.replace("/", "~1")
            + "\",\"value\":\""
            + value
            + "\"}";
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON), "[" + ops + "]");
  }

  private void removeAnnotations(String namespace, String name) {
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"remove\",\"path\":\"/metadata/annotations/"
                + ORDINAL_ANNOTATION.replace("/", "~1")
                + "\"},{\"op\":\"remove\",\"path\":\"/metadata/annotations/"
                + REQUESTED_ANNOTATION.replace("/", "~1")
                + "\"}]");
  }
}
