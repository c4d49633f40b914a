package io.tuneloop.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user declares about one Pulsar cluster. Plain Jackson data: the CRD schema (with its CEL
 * rules) is generated from these fields, and {@code SpecValidator} checks the same rules again in
 * the operator, so an invalid spec is never acted on even where CEL is not enforced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Declares a Pulsar cluster for Tuneloop to observe and tune.")
public class BrokerClusterSpec {

  @JsonPropertyDescription("Messaging engine of the cluster; only 'pulsar' is supported.")
  @Default("pulsar")
  @Pattern("^pulsar$")
  public String engine = "pulsar";

  @JsonPropertyDescription("How to reach the cluster's Pulsar admin API.")
  @Required
  public PulsarConnection pulsar;

  @JsonPropertyDescription(
      "The broker and bookie StatefulSets and ConfigMaps; defaults follow the Apache Pulsar Helm"
          + " chart (<release>-broker, <release>-bookie).")
  public Workloads workloads = new Workloads();

  @JsonPropertyDescription("Where telemetry comes from and how often it is read.")
  public Telemetry telemetry = new Telemetry();

  @JsonPropertyDescription("What good means for this cluster: the latency SLO, utilisation, costs.")
  @Required
  public Objectives objectives;

  @JsonPropertyDescription("What Tuneloop may change: replica ranges and the allowed knobs.")
  @Required
  public Bounds bounds;

  @JsonPropertyDescription(
      "Observe records decisions only; Recommend records and announces them; Auto applies them.")
  @Default("Recommend")
  public Mode mode = Mode.Recommend;

  @JsonPropertyDescription("Safety limits on how often and how far Tuneloop changes the cluster.")
  public Guardrails guardrails = new Guardrails();

  @JsonPropertyDescription("Whether and how this cluster takes part in federated model training.")
  public Federation federation = new Federation();

  /**
   * Why the stored spec could not be read (a value of the wrong type), naming the field and value;
   * null for a spec that was read. Never part of the CRD: the operator only reports it.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore private String unreadable;

  /** The stored JSON of a spec that could not be read, written back unchanged. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  private com.fasterxml.jackson.databind.JsonNode stored;

  /** A spec standing for one that could not be read, for the validator to report. */
  public static BrokerClusterSpec unreadable(
      String reason, com.fasterxml.jackson.databind.JsonNode stored) {
    BrokerClusterSpec s = new BrokerClusterSpec();
    s.unreadable = reason;
    s.stored = stored;
    return s;
  }

  public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> stored() {
    return java.util.Optional.ofNullable(stored);
  }

  public java.util.Optional<String> unreadable() {
    return java.util.Optional.ofNullable(unreadable);
  }

  /** The three ways Tuneloop may act on a cluster. */
  public enum Mode {
    Observe,
    Recommend,
    Auto
  }

  /** The Pulsar admin endpoint, with optional token and TLS. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PulsarConnection {
    @JsonPropertyDescription(
        "Pulsar admin (web service) URL, for example http://pulsar-broker.pulsar.svc:8080.")
    @Required
    @Pattern("^https?://[^\\s/]+(/.*)?$")
    public String adminUrl;

    @JsonPropertyDescription("Secret key holding the admin API token (JWT); omit for no auth.")
    public SecretKeyRef authSecretRef;

    @JsonPropertyDescription("TLS settings for an https admin URL.")
    public Tls tls;
  }

  /** A key inside a Secret in the BrokerCluster's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretKeyRef {
    @JsonPropertyDescription("Name of the Secret in the BrokerCluster's namespace.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription("Key inside the Secret.")
    @Default("token")
    public String key = "token";
  }

  /** TLS for the admin connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Tls {
    @JsonPropertyDescription("Secret key holding the PEM CA bundle that signs the admin endpoint.")
    public SecretKeyRef trustCertsSecretRef;

    @JsonPropertyDescription("Verify that the certificate names the admin host.")
    @Default("true")
    public Boolean enableHostnameVerification = true;

    @JsonPropertyDescription("Accept any certificate; for test clusters only.")
    @Default("false")
    public Boolean allowInsecureConnection = false;
  }

  /** Where the broker and bookie pods and their configuration live. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Workloads {
    @JsonPropertyDescription(
        "Helm release name of the Apache Pulsar chart; names default to <release>-broker and"
            + " <release>-bookie.")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    public String release;

    @JsonPropertyDescription("The broker StatefulSet and ConfigMap.")
    public WorkloadRef broker = new WorkloadRef();

    @JsonPropertyDescription("The bookie StatefulSet and ConfigMap.")
    public WorkloadRef bookie = new WorkloadRef();
  }

  /** One StatefulSet and the ConfigMap its pods read their .conf keys from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkloadRef {
    @JsonPropertyDescription("StatefulSet name; defaults to <release>-broker or <release>-bookie.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String statefulSet;

    @JsonPropertyDescription(
        "ConfigMap name; defaults to the StatefulSet name. Keys as in the .conf file or with the"
            + " chart's PULSAR_PREFIX_ prefix.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String configMap;

    @JsonPropertyDescription(
        "Port of the pods' HTTP admin endpoint: the bookie HTTP server (under-replication,"
            + " decommission) or the broker web service.")
    @Min(1)
    @Max(65535)
    public Integer httpPort;
  }

  /** The telemetry source: a Prometheus server or the pods' metrics endpoints. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.prometheusUrl) || has(self.podScraping)",
      message = "set prometheusUrl or podScraping")
  public static class Telemetry {
    @JsonPropertyDescription("Prometheus server URL to query with PromQL; wins over podScraping.")
    @Pattern("^https?://[^\\s/]+(/.*)?$")
    public String prometheusUrl;

    @JsonPropertyDescription(
        "With prometheusUrl: the labels that name a series' pod and namespace in that server."
            + " The pods are chosen with podScraping's selectors, matched on the same labels.")
    public PrometheusLabels prometheusLabels = new PrometheusLabels();

    @JsonPropertyDescription(
        "Which pods to observe: scraped directly when there is no prometheusUrl, and matched by"
            + " label in Prometheus when there is.")
    public PodScraping podScraping = new PodScraping();

    @JsonPropertyDescription("Seconds between observations (one telemetry window).")
    @Default("60")
    @Min(10)
    @Max(3600)
    public Integer intervalSeconds = 60;
  }

  /** How series are labelled in the Prometheus server named by telemetry.prometheusUrl. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PrometheusLabels {
    @JsonPropertyDescription("Label holding the pod name (kube-prometheus: pod).")
    @Default("pod")
    @Pattern("^[a-zA-Z_][a-zA-Z0-9_]*$")
    public String pod = "pod";

    @JsonPropertyDescription("Label holding the namespace (kube-prometheus: namespace).")
    @Default("namespace")
    @Pattern("^[a-zA-Z_][a-zA-Z0-9_]*$")
    public String namespace = "namespace";
  }

  /** Direct scraping of broker and bookie pods. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PodScraping {
    @JsonPropertyDescription(
        "Labels selecting broker pods; defaults to the chart's component=broker.")
    public Map<String, String> brokerSelector = new LinkedHashMap<>(Map.of("component", "broker"));

    @JsonPropertyDescription(
        "Labels selecting bookie pods; defaults to the chart's component=bookie.")
    public Map<String, String> bookieSelector = new LinkedHashMap<>(Map.of("component", "bookie"));

    @JsonPropertyDescription("Broker metrics port (the web service).")
    @Default("8080")
    @Min(1)
    @Max(65535)
    public Integer brokerPort = 8080;

    @JsonPropertyDescription("Bookie metrics port.")
    @Default("8000")
    @Min(1)
    @Max(65535)
    public Integer bookiePort = 8000;
  }

  /** The cluster's targets and prices. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Objectives {
    @JsonPropertyDescription("Objective for the highest broker p99 publish latency, milliseconds.")
    @Required
    @Min(value = 0, inclusive = false)
    @Max(60000)
    public Double publishLatencyP99Ms;

    @JsonPropertyDescription("Highest CPU utilisation (0..1] any broker or bookie should reach.")
    @Default("0.7")
    @Min(value = 0, inclusive = false)
    @Max(1)
    public Double utilisationTarget = 0.7;

    @JsonPropertyDescription("Prices the planner minimises.")
    public CostWeights costWeights = new CostWeights();
  }

  /** Prices for pod-hours and disruption, in any consistent unit. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CostWeights {
    @JsonPropertyDescription("Price of one broker pod for one hour.")
    @Default("1.0")
    @Min(0)
    public Double brokerPodHour = 1.0;

    @JsonPropertyDescription("Price of one bookie pod for one hour.")
    @Default("1.0")
    @Min(0)
    public Double bookiePodHour = 1.0;

    @JsonPropertyDescription("Price of one unit of disruption (a pod restarted, added or removed).")
    @Default("1.0")
    @Min(0)
    public Double disruption = 1.0;

    @JsonPropertyDescription(
        "How long a change is expected to stay in effect, in hours: the pod-hours a change saves"
            + " or adds over this horizon are weighed against its disruption. At 1 hour, removing"
            + " a pod saves no more than the disruption of removing it, so the cluster would never"
            + " shrink.")
    @Default("2.0")
    @Min(0.1)
    @Max(168)
    public Double horizonHours = 2.0;
  }

  /** Replica ranges and the knobs Tuneloop may turn. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.minBrokers <= self.maxBrokers", message = "minBrokers > maxBrokers")
  @ValidationRule(value = "self.minBookies <= self.maxBookies", message = "minBookies > maxBookies")
  public static class Bounds {
    @JsonPropertyDescription("Fewest brokers Tuneloop may leave running.")
    @Required
    @Min(1)
    @Max(200)
    public Integer minBrokers;

    @JsonPropertyDescription("Most brokers Tuneloop may run.")
    @Required
    @Min(1)
    @Max(200)
    public Integer maxBrokers;

    @JsonPropertyDescription("Fewest bookies Tuneloop may leave running.")
    @Required
    @Min(1)
    @Max(200)
    public Integer minBookies;

    @JsonPropertyDescription("Most bookies Tuneloop may run.")
    @Required
    @Min(1)
    @Max(200)
    public Integer maxBookies;

    @JsonPropertyDescription("Largest replica change in one decision (the k in brokers +-k).")
    @Default("1")
    @Min(1)
    @Max(10)
    public Integer maxReplicaStep = 1;

    @JsonPropertyDescription(
        "Settings Tuneloop may change, each with the range it may use (inside the catalog's).")
    @Size(max = 32)
    public List<KnobBound> knobs = new ArrayList<>();
  }

  /** One allowed knob and its range. Booleans use 0 (false) and 1 (true). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.min <= self.max", message = "min must not exceed max")
  @ValidationRule(value = KnobRules.NOT_DENIED, message = KnobRules.NOT_DENIED_MESSAGE)
  @ValidationRule(value = KnobRules.KNOWN, message = KnobRules.KNOWN_MESSAGE)
  @ValidationRule(value = KnobRules.IN_CATALOG_RANGE, message = KnobRules.IN_CATALOG_RANGE_MESSAGE)
  public static class KnobBound {
    @JsonPropertyDescription("Knob name as in broker.conf or bookkeeper.conf.")
    @Required
    @Pattern("^[A-Za-z][A-Za-z0-9_]*$")
    public String name;

    @JsonPropertyDescription("Lowest value Tuneloop may set.")
    @Required
    public Double min;

    @JsonPropertyDescription("Highest value Tuneloop may set.")
    @Required
    public Double max;

    public KnobBound() {}

    public KnobBound(String name, double min, double max) {
      this.name = name;
      this.min = min;
      this.max = max;
    }
  }

  /** Limits on the pace and reach of changes. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Guardrails {
    @JsonPropertyDescription("Seconds after a change before another change may start.")
    @Default("600")
    @Min(0)
    public Integer cooldownSeconds = 600;

    @JsonPropertyDescription("Seconds after a change is applied before its outcome is verified.")
    @Default("300")
    @Min(0)
    public Integer settleWindowSeconds = 300;

    @JsonPropertyDescription("Most pod restarts (rolling restarts count each pod) in any hour.")
    @Default("6")
    @Min(0)
    public Integer maxRestartsPerHour = 6;

    @JsonPropertyDescription(
        "Percent by which observed p99 may exceed both the prediction's upper bound and the"
            + " window before before the change is rolled back.")
    @Default("20")
    @Min(0)
    @Max(1000)
    public Double rollbackThresholdPercent = 20.0;

    @JsonPropertyDescription(
        "Rollbacks within an hour after which Tuneloop stops applying and only recommends.")
    @Default("2")
    @Min(1)
    public Integer maxRollbacksPerHour = 2;

    @JsonPropertyDescription("Oldest telemetry (seconds) Tuneloop decides on; older holds.")
    @Default("300")
    @Min(1)
    public Integer maxTelemetryAgeSeconds = 300;

    @JsonPropertyDescription("Least fraction of expected readings present to decide (0..1].")
    @Default("0.8")
    @Min(value = 0, inclusive = false)
    @Max(1)
    public Double minTelemetryCompleteness = 0.8;

    @JsonPropertyDescription(
        "Seconds a change in flight (a rolling restart, a scale-up) may go without progress (no"
            + " pod newly updated or ready, no replica count reached) while a pod is unready;"
            + " then no further pod is touched, the decision becomes Stalled and the cluster"
            + " Progressing=False, until the pods are ready again.")
    @Default("900")
    @Min(60)
    public Integer progressDeadlineSeconds = 900;

    @JsonPropertyDescription("TuningDecisions kept per cluster; older finished ones are deleted.")
    @Default("50")
    @Min(1)
    @Max(10000)
    public Integer decisionHistory = 50;
  }

  /** Federated training settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!self.join || has(self.serviceUrl)",
      message = "federation.join needs serviceUrl")
  public static class Federation {
    @JsonPropertyDescription("Start from the federated baseline and follow new baselines.")
    @Default("false")
    public Boolean join = false;

    @JsonPropertyDescription("Pulsar service URL (pulsar:// or pulsar+ssl://) of the federation.")
    @Pattern("^pulsar(\\+ssl)?://[^\\s/]+$")
    public String serviceUrl;

    @JsonPropertyDescription("Pulsar tenant holding the federation namespace.")
    @Default("tuneloop")
    @Pattern("^[A-Za-z0-9_.-]+$")
    public String tenant = "tuneloop";

    @JsonPropertyDescription(
        "Secret key holding the PEM CA bundle that signs the federation's pulsar+ssl:// endpoint;"
            + " omit to trust the JVM's default CAs.")
    public SecretKeyRef trustCertsSecretRef;

    @JsonPropertyDescription("Publish this cluster's clipped weight difference after training.")
    @Default("false")
    public Boolean shareUpdates = false;

    @JsonPropertyDescription("Differential privacy applied to shared updates.")
    public Privacy privacy = new Privacy();
  }

  /** Clipping and noise for shared updates. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Privacy {
    @JsonPropertyDescription("L2 norm bound each shared weight difference is clipped to.")
    @Default("1.0")
    @Min(value = 0, inclusive = false)
    public Double clipNorm = 1.0;

    @JsonPropertyDescription("Gaussian noise standard deviation as a multiple of clipNorm.")
    @Default("0.0")
    @Min(0)
    public Double noiseMultiplier = 0.0;
  }
}
