package io.tuneloop.operator.spec;

import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A BrokerCluster spec that passed {@link SpecValidator}: every name resolved (Helm chart defaults
 * applied), the token read from its Secret, and the bounds and objectives turned into the tuning
 * model's validated records. The reconciler acts only on one of these.
 *
 * @param adminToken the admin API token, when the spec names a Secret
 * @param trustCertsPem the PEM CA bundle for the admin endpoint, when the spec names a Secret
 */
public record ClusterPlan(
    String namespace,
    String name,
    URI adminUrl,
    Optional<String> adminToken,
    boolean allowInsecureTls,
    Optional<String> trustCertsPem,
    boolean tlsHostnameVerification,
    Workload broker,
    Workload bookie,
    Optional<PrometheusQuery> prometheus,
    PodScraping podScraping,
    Duration interval,
    Bounds bounds,
    Objectives objectives,
    Mode mode,
    Guardrails guardrails,
    Optional<Federation> federation) {

  public ClusterPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(adminUrl, "adminUrl");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(bookie, "bookie");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(objectives, "objectives");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(guardrails, "guardrails");
    Objects.requireNonNull(federation, "federation");
  }

  /**
   * Federated training for a cluster that joined (absent when {@code federation.join} is false).
   *
   * @param serviceUrl the federation's Pulsar service URL
   * @param tenant the tenant holding the {@code federation} namespace
   * @param shareUpdates whether adopted fine-tunes are published as clipped updates
   * @param clipNorm the L2 bound each shared weight difference is clipped to
   * @param noiseMultiplier Gaussian noise as a multiple of clipNorm (added by the aggregator)
   */
  public record Federation(
      String serviceUrl,
      String tenant,
      boolean shareUpdates,
      double clipNorm,
      double noiseMultiplier,
      Optional<String> trustCertsPem,
      String trustSource) {
    /** Where trust comes from when the spec names no CA bundle. */
    public static final String JVM_TRUST = "the JVM's default trust store";

    /** A federation whose TLS endpoint (if any) is signed by a CA the JVM trusts. */
    public Federation(
        String serviceUrl,
        String tenant,
        boolean shareUpdates,
        double clipNorm,
        double noiseMultiplier) {
      this(
          serviceUrl, tenant, shareUpdates, clipNorm, noiseMultiplier, Optional.empty(), JVM_TRUST);
    }

    /**
     * @param trustSource names where {@code trustCertsPem} came from (a Secret and key, never the
     *     bundle), for messages about a failed TLS handshake
     */
    public Federation {
      Objects.requireNonNull(trustCertsPem, "trustCertsPem");
      Objects.requireNonNull(trustSource, "trustSource");
      if (serviceUrl == null || serviceUrl.isBlank()) {
        throw new IllegalArgumentException("federation serviceUrl must not be blank");
      }
      Objects.requireNonNull(tenant, "tenant");
      if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
        throw new IllegalArgumentException("federation clipNorm=" + clipNorm + " must be > 0");
      }
      if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
        throw new IllegalArgumentException(
            "federation noiseMultiplier=" + noiseMultiplier + " must be >= 0");
      }
    }
  }

  /**
   * The id this cluster's snapshots, learner and model store go by: namespace and name, since two
   * BrokerClusters in different namespaces may share a name and must never share a model.
   */
  /** Names the cluster and its endpoint, never the token or the CA bundle from its Secrets. */
  @Override
  public String toString() {
    return "ClusterPlan["
        + clusterId()
        + " admin="
        + adminUrl
        + (adminToken.isPresent() ? " token=<redacted>" : "")
        + (trustCertsPem.isPresent() ? " ca=<redacted>" : "")
        + " mode="
        + mode
        + "]";
  }

  public String clusterId() {
    return namespace == null || namespace.isBlank() ? name : namespace + "/" + name;
  }

  /** A StatefulSet, the ConfigMap its pods read, and the port of the pods' HTTP admin endpoint. */
  public record Workload(String statefulSet, String configMap, int httpPort) {
    public Workload {
      if (statefulSet == null
          || statefulSet.isBlank()
          || configMap == null
          || configMap.isBlank()) {
        throw new IllegalArgumentException(
            "a workload needs a StatefulSet and a ConfigMap, got " + statefulSet + "/" + configMap);
      }
    }
  }

  /**
   * A Prometheus server that already scrapes the cluster, and the labels that name each series' pod
   * and namespace there. The pods are the ones {@link PodScraping}'s selectors choose, matched on
   * the same labels in Prometheus.
   */
  public record PrometheusQuery(URI url, String nodeLabel, String namespaceLabel) {
    public PrometheusQuery {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(nodeLabel, "nodeLabel");
      Objects.requireNonNull(namespaceLabel, "namespaceLabel");
    }
  }

  /** Which pods to scrape for metrics when there is no Prometheus server, and on which ports. */
  public record PodScraping(
      Map<String, String> brokerSelector,
      Map<String, String> bookieSelector,
      int brokerPort,
      int bookiePort) {
    public PodScraping {
      brokerSelector = Map.copyOf(brokerSelector);
      bookieSelector = Map.copyOf(bookieSelector);
    }
  }

  /** The spec's guardrails as durations and counts. */
  public record Guardrails(
      Duration cooldown,
      Duration settleWindow,
      int maxRestartsPerHour,
      double rollbackThresholdPercent,
      int maxRollbacksPerHour,
      Duration maxTelemetryAge,
      double minTelemetryCompleteness,
      int decisionHistory,
      Duration progressDeadline) {}
}
