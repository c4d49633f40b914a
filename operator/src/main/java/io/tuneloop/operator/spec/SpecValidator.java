package io.tuneloop.operator.spec;

import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.BrokerClusterSpec.KnobBound;
import io.tuneloop.tuning.knobs.DurabilityDenylist;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CostWeights;
import io.tuneloop.tuning.planner.KnobRange;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a BrokerCluster spec again inside the operator (the CRD's OpenAPI and CEL rules may not be
 * enforced: an old API server, a CRD installed by hand, the {@code --local} mode), against the knob
 * catalog and denylist themselves. It reports every problem, each naming the offending value and
 * what was expected, so one status update tells the user all that is wrong.
 */
public final class SpecValidator {
  private static final int DEFAULT_BOOKIE_HTTP_PORT = 8000;
  private static final int DEFAULT_BROKER_HTTP_PORT = 8080;
  private static final int MAX_KNOB_NAME = 128;

  private final SecretLookup secrets;

  public SpecValidator(SecretLookup secrets) {
    this.secrets = secrets;
  }

  public SpecValidation validate(String namespace, String name, BrokerClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return SpecValidation.invalid(List.of("spec is missing"));
    }
    if (spec.unreadable().isPresent()) {
      return SpecValidation.invalid(List.of(spec.unreadable().get()));
    }
    if (spec.engine != null && !spec.engine.equals("pulsar")) {
      problems.add("engine=" + spec.engine + " is not supported; expected pulsar");
    }

    URI adminUrl = null;
    Optional<String> token = Optional.empty();
    boolean insecure = false;
    Optional<String> trustCerts = Optional.empty();
    boolean hostnameVerification = true;
    if (spec.pulsar == null) {
      problems.add("pulsar.adminUrl is missing");
    } else {
      adminUrl = httpUrl("pulsar.adminUrl", spec.pulsar.adminUrl, problems);
      if (spec.pulsar.authSecretRef != null) {
        token = secret("pulsar.authSecretRef", namespace, spec.pulsar.authSecretRef, problems);
      }
      if (spec.pulsar.tls != null) {
        insecure = Boolean.TRUE.equals(spec.pulsar.tls.allowInsecureConnection);
        hostnameVerification = !Boolean.FALSE.equals(spec.pulsar.tls.enableHostnameVerification);
        if (spec.pulsar.tls.trustCertsSecretRef != null) {
          trustCerts =
              secret(
                  "pulsar.tls.trustCertsSecretRef",
                  namespace,
                  spec.pulsar.tls.trustCertsSecretRef,
                  problems);
          if (trustCerts.isPresent() && !trustCerts.get().contains("-----BEGIN CERTIFICATE-----")) {
            // Name the Secret, never its content: it may be a token put there by mistake.
            problems.add(
                "pulsar.tls.trustCertsSecretRef: Secret "
                    + namespace
                    + "/"
                    + spec.pulsar.tls.trustCertsSecretRef.name
                    + " key '"
                    + spec.pulsar.tls.trustCertsSecretRef.key
                    + "' does not hold a PEM certificate");
          }
        }
      }
    }

    BrokerClusterSpec.Workloads w =
        spec.workloads == null ? new BrokerClusterSpec.Workloads() : spec.workloads;
    ClusterPlan.Workload broker =
        workload("broker", w.release, w.broker, DEFAULT_BROKER_HTTP_PORT, problems);
    ClusterPlan.Workload bookie =
        workload("bookie", w.release, w.bookie, DEFAULT_BOOKIE_HTTP_PORT, problems);

    BrokerClusterSpec.Telemetry t =
        spec.telemetry == null ? new BrokerClusterSpec.Telemetry() : spec.telemetry;
    Optional<ClusterPlan.PrometheusQuery> prometheus = Optional.empty();
    if (t.prometheusUrl != null) {
      URI url = httpUrl("telemetry.prometheusUrl", t.prometheusUrl, problems);
      BrokerClusterSpec.PrometheusLabels labels =
          t.prometheusLabels == null
              ? new BrokerClusterSpec.PrometheusLabels()
              : t.prometheusLabels;
      String pod = labelName("telemetry.prometheusLabels.pod", labels.pod, "pod", problems);
      String ns =
          labelName(
              "telemetry.prometheusLabels.namespace", labels.namespace, "namespace", problems);
      if (url != null && pod != null && ns != null) {
        prometheus = Optional.of(new ClusterPlan.PrometheusQuery(url, pod, ns));
      }
    } else if (t.podScraping == null) {
      problems.add("telemetry needs prometheusUrl or podScraping");
    }
    BrokerClusterSpec.PodScraping ps =
        t.podScraping == null ? new BrokerClusterSpec.PodScraping() : t.podScraping;
    ClusterPlan.PodScraping scraping =
        new ClusterPlan.PodScraping(
            ps.brokerSelector == null ? Map.of("component", "broker") : ps.brokerSelector,
            ps.bookieSelector == null ? Map.of("component", "bookie") : ps.bookieSelector,
            orDefault(ps.brokerPort, 8080),
            orDefault(ps.bookiePort, 8000));
    int interval = orDefault(t.intervalSeconds, 60);
    if (interval < 10 || interval > 3600) {
      problems.add("telemetry.intervalSeconds=" + interval + " is outside [10, 3600]");
    }

    Objectives objectives = objectives(spec.objectives, problems);
    Bounds bounds = bounds(spec.bounds, problems);
    ClusterPlan.Guardrails guardrails = guardrails(spec.guardrails, problems);

    Optional<ClusterPlan.Federation> federation = federation(namespace, spec.federation, problems);

    if (!problems.isEmpty()) {
      return SpecValidation.invalid(problems);
    }
    return SpecValidation.valid(
        new ClusterPlan(
            namespace,
            name,
            adminUrl,
            token,
            insecure,
            trustCerts,
            hostnameVerification,
            broker,
            bookie,
            prometheus,
            scraping,
            Duration.ofSeconds(interval),
            bounds,
            objectives,
            mode(spec.mode),
            guardrails,
            federation));
  }

  private Optional<ClusterPlan.Federation> federation(
      String namespace, BrokerClusterSpec.Federation f, List<String> problems) {
    if (f == null || !Boolean.TRUE.equals(f.join)) {
      return Optional.empty();
    }
    if (f.serviceUrl == null || f.serviceUrl.isBlank()) {
      problems.add("federation.join=true needs federation.serviceUrl");
      return Optional.empty();
    }
    if (!f.serviceUrl.matches("^pulsar(\\+ssl)?://[^\\s/]+$")) {
      problems.add(
          "federation.serviceUrl='"
              + f.serviceUrl
              + "' is not pulsar://host:port or pulsar+ssl://");
      return Optional.empty();
    }
    String tenant = f.tenant == null ? "tuneloop" : f.tenant;
    if (!tenant.matches("[A-Za-z0-9_.=-]{1,64}")) {
      problems.add("federation.tenant='" + tenant + "' is not 1..64 characters of [A-Za-z0-9_.=-]");
      return Optional.empty();
    }
    BrokerClusterSpec.Privacy privacy =
        f.privacy == null ? new BrokerClusterSpec.Privacy() : f.privacy;
    double clip = privacy.clipNorm == null ? 1.0 : privacy.clipNorm;
    double noise = privacy.noiseMultiplier == null ? 0.0 : privacy.noiseMultiplier;
    if (!(clip > 0) || Double.isInfinite(clip)) {
      problems.add("federation.privacy.clipNorm=" + clip + " must be > 0");
      return Optional.empty();
    }
    if (!(noise >= 0) || Double.isInfinite(noise)) {
      problems.add("federation.privacy.noiseMultiplier=" + noise + " must be >= 0");
      return Optional.empty();
    }
    Optional<String> trust = Optional.empty();
    String trustSource = ClusterPlan.Federation.JVM_TRUST;
    if (f.trustCertsSecretRef != null) {
      trustSource =
          "federation.trustCertsSecretRef (Secret "
              + namespace
              + "/"
              + f.trustCertsSecretRef.name
              + " key '"
              + (f.trustCertsSecretRef.key == null ? "token" : f.trustCertsSecretRef.key)
              + "')";
      trust = secret("federation.trustCertsSecretRef", namespace, f.trustCertsSecretRef, problems);
      if (trust.isEmpty()) {
        return Optional.empty();
      }
      if (!trust.get().contains("-----BEGIN CERTIFICATE-----")) {
        // Name the Secret, never its content.
        problems.add(
            "federation.trustCertsSecretRef: Secret "
                + namespace
                + "/"
                + f.trustCertsSecretRef.name
                + " key '"
                + (f.trustCertsSecretRef.key == null ? "token" : f.trustCertsSecretRef.key)
                + "' does not hold a PEM certificate");
        return Optional.empty();
      }
    }
    return Optional.of(
        new ClusterPlan.Federation(
            f.serviceUrl,
            tenant,
            Boolean.TRUE.equals(f.shareUpdates),
            clip,
            noise,
            trust,
            trustSource));
  }

  static Mode mode(BrokerClusterSpec.Mode mode) {
    if (mode == null) {
      return Mode.RECOMMEND;
    }
    return switch (mode) {
      case Observe -> Mode.OBSERVE;
      case Recommend -> Mode.RECOMMEND;
      case Auto -> Mode.AUTO;
    };
  }

  private static URI httpUrl(String field, String text, List<String> problems) {
    if (text == null || text.isBlank()) {
      problems.add(field + " is missing; expected an http(s) URL");
      return null;
    }
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        problems.add(field + "=" + text + " is not an http(s) URL with a host");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(field + "=" + text + " is not a URL: " + e.getReason());
      return null;
    }
  }

  private Optional<String> secret(
      String field, String namespace, BrokerClusterSpec.SecretKeyRef ref, List<String> problems) {
    if (ref.name == null || ref.name.isBlank()) {
      problems.add(field + ".name is missing");
      return Optional.empty();
    }
    String key = ref.key == null ? "token" : ref.key;
    Optional<String> value = secrets.read(namespace, ref.name, key);
    if (value.isEmpty()) {
      problems.add(
          field
              + ": Secret "
              + namespace
              + "/"
              + ref.name
              + " has no key '"
              + key
              + "' (or is missing)");
    }
    return value;
  }

  private static final java.util.regex.Pattern KUBERNETES_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** A DNS-subdomain object name when set; a problem naming the field and value otherwise. */
  private static void kubernetesName(String field, String value, List<String> problems) {
    if (value != null && !KUBERNETES_NAME.matcher(value).matches()) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
      String problem = field + "='" + shown + "' is not a Kubernetes name";
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
    }
  }

  private static ClusterPlan.Workload workload(
      String role,
      String release,
      BrokerClusterSpec.WorkloadRef ref,
      int defaultPort,
      List<String> problems) {
    BrokerClusterSpec.WorkloadRef r = ref == null ? new BrokerClusterSpec.WorkloadRef() : ref;
    // Checked here too: an empty or odd name would otherwise become a StatefulSet name such as
    // "-broker" that the operator then looks up and patches.
    int before = problems.size();
    kubernetesName("workloads.release", release, problems);
    kubernetesName("workloads." + role + ".statefulSet", r.statefulSet, problems);
    kubernetesName("workloads." + role + ".configMap", r.configMap, problems);
    if (problems.size() > before) {
      return null;
    }
    String sts =
        r.statefulSet != null ? r.statefulSet : release == null ? null : release + "-" + role;
    if (sts == null) {
      problems.add(
          "workloads."
              + role
              + ".statefulSet is missing; set it or workloads.release (Helm chart)");
      return null;
    }
    String cm = r.configMap != null ? r.configMap : sts;
    int port = orDefault(r.httpPort, defaultPort);
    if (port < 1 || port > 65535) {
      problems.add("workloads." + role + ".httpPort=" + port + " is outside [1, 65535]");
      return null;
    }
    return new ClusterPlan.Workload(sts, cm, port);
  }

  private static Objectives objectives(BrokerClusterSpec.Objectives o, List<String> problems) {
    if (o == null || o.publishLatencyP99Ms == null) {
      problems.add("objectives.publishLatencyP99Ms is missing");
      return null;
    }
    BrokerClusterSpec.CostWeights c =
        o.costWeights == null ? new BrokerClusterSpec.CostWeights() : o.costWeights;
    try {
      CostWeights weights =
          new CostWeights(
              orDefault(c.brokerPodHour, 1.0),
              orDefault(c.bookiePodHour, 1.0),
              orDefault(c.disruption, 1.0),
              orDefault(c.horizonHours, 2.0));
      Objectives defaults =
          Objectives.of(o.publishLatencyP99Ms, orDefault(o.utilisationTarget, 0.7));
      return new Objectives(
          defaults.sloP99Ms(),
          defaults.utilisationTarget(),
          defaults.minHeadroom(),
          defaults.kappa(),
          defaults.minGain(),
          weights);
    } catch (IllegalArgumentException e) {
      problems.add("objectives: " + e.getMessage());
      return null;
    }
  }

  private static Bounds bounds(BrokerClusterSpec.Bounds b, List<String> problems) {
    if (b == null
        || b.minBrokers == null
        || b.maxBrokers == null
        || b.minBookies == null
        || b.maxBookies == null) {
      problems.add("bounds needs minBrokers, maxBrokers, minBookies and maxBookies");
      return null;
    }
    int before = problems.size();
    replicaRange("brokers", KnobCatalog.BROKERS, b.minBrokers, b.maxBrokers, problems);
    replicaRange("bookies", KnobCatalog.BOOKIES, b.minBookies, b.maxBookies, problems);
    int step = orDefault(b.maxReplicaStep, 1);
    if (step < 1 || step > 10) {
      problems.add("bounds.maxReplicaStep=" + step + " is outside [1, 10]");
    }
    Map<String, KnobRange> ranges = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (KnobBound k : b.knobs == null ? List.<KnobBound>of() : b.knobs) {
      knob(k, seen, problems).ifPresent(r -> ranges.put(k.name, r));
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return new Bounds(b.minBrokers, b.maxBrokers, b.minBookies, b.maxBookies, step, ranges);
    } catch (IllegalArgumentException e) {
      problems.add("bounds: " + e.getMessage());
      return null;
    }
  }

  private static void replicaRange(
      String role, Knob knob, int min, int max, List<String> problems) {
    if (min > max) {
      problems.add(
          "bounds.min"
              + capitalised(role)
              + "="
              + min
              + " is above bounds.max"
              + capitalised(role)
              + "="
              + max);
    }
    for (int v : new int[] {min, max}) {
      if (!knob.allows(v)) {
        problems.add(
            role
                + " bound "
                + v
                + " is outside the catalog range ["
                + knob.format(knob.min())
                + ", "
                + knob.format(knob.max())
                + "]");
      }
    }
  }

  private static Optional<KnobRange> knob(KnobBound k, Set<String> seen, List<String> problems) {
    if (k == null || k.name == null || k.min == null || k.max == null) {
      problems.add("bounds.knobs: every knob needs name, min and max");
      return Optional.empty();
    }
    if (k.name.length() > MAX_KNOB_NAME) {
      // A condition message repeating a huge name would be too big for the status and Events.
      problems.add(
          "knob "
              + k.name.substring(0, 40)
              + "... ("
              + k.name.length()
              + " characters) is not in catalog "
              + KnobCatalog.VERSION);
      return Optional.empty();
    }
    Optional<String> denied = DurabilityDenylist.reasonFor(k.name);
    if (denied.isPresent()) {
      problems.add("knob " + k.name + " is never tuned: " + denied.get());
      return Optional.empty();
    }
    Optional<Knob> knob = KnobCatalog.standard().find(k.name);
    if (knob.isEmpty()) {
      problems.add(
          "knob "
              + k.name
              + " is not in catalog "
              + KnobCatalog.VERSION
              + "; expected one of "
              + KnobCatalog.standard().settings().stream().map(Knob::name).toList());
      return Optional.empty();
    }
    Knob c = knob.get();
    if (c.isReplicas()) {
      problems.add("knob " + k.name + " is bounded by min/max replicas, not as a knob");
      return Optional.empty();
    }
    if (!seen.add(k.name)) {
      problems.add("knob " + k.name + " is listed twice");
      return Optional.empty();
    }
    if (k.min > k.max) {
      problems.add(
          "knob " + k.name + " has min=" + c.format(k.min) + " above max=" + c.format(k.max));
      return Optional.empty();
    }
    if (!c.allows(k.min) || !c.allows(k.max)) {
      problems.add(
          "knob "
              + k.name
              + " range ["
              + k.min
              + ", "
              + k.max
              + "] is outside the catalog range ["
              + c.format(c.min())
              + ", "
              + c.format(c.max())
              + "] or not a valid "
              + c.type());
      return Optional.empty();
    }
    return Optional.of(new KnobRange(k.min, k.max));
  }

  private static ClusterPlan.Guardrails guardrails(
      BrokerClusterSpec.Guardrails g, List<String> problems) {
    BrokerClusterSpec.Guardrails d = g == null ? new BrokerClusterSpec.Guardrails() : g;
    int cooldown = orDefault(d.cooldownSeconds, 600);
    int settle = orDefault(d.settleWindowSeconds, 300);
    int restarts = orDefault(d.maxRestartsPerHour, 6);
    double threshold = orDefault(d.rollbackThresholdPercent, 20.0);
    int rollbacks = orDefault(d.maxRollbacksPerHour, 2);
    int age = orDefault(d.maxTelemetryAgeSeconds, 300);
    double completeness = orDefault(d.minTelemetryCompleteness, 0.8);
    int history = orDefault(d.decisionHistory, 50);
    int deadline = orDefault(d.progressDeadlineSeconds, 900);
    int before = problems.size();
    nonNegative("guardrails.cooldownSeconds", cooldown, problems);
    nonNegative("guardrails.settleWindowSeconds", settle, problems);
    nonNegative("guardrails.maxRestartsPerHour", restarts, problems);
    if (!(threshold >= 0 && threshold <= 1000)) {
      problems.add("guardrails.rollbackThresholdPercent=" + threshold + " is outside [0, 1000]");
    }
    if (rollbacks < 1) {
      problems.add("guardrails.maxRollbacksPerHour=" + rollbacks + " must be >= 1");
    }
    if (age < 1) {
      problems.add("guardrails.maxTelemetryAgeSeconds=" + age + " must be >= 1");
    }
    if (!(completeness > 0 && completeness <= 1)) {
      problems.add("guardrails.minTelemetryCompleteness=" + completeness + " is outside (0, 1]");
    }
    if (history < 1) {
      problems.add("guardrails.decisionHistory=" + history + " must be >= 1");
    }
    // A pod's restart takes tens of seconds at best; a shorter deadline would stall every roll.
    if (deadline < 60) {
      problems.add("guardrails.progressDeadlineSeconds=" + deadline + " must be >= 60");
    }
    if (problems.size() > before) {
      return null;
    }
    return new ClusterPlan.Guardrails(
        Duration.ofSeconds(cooldown),
        Duration.ofSeconds(settle),
        restarts,
        threshold,
        rollbacks,
        Duration.ofSeconds(age),
        completeness,
        history,
        Duration.ofSeconds(deadline));
  }

  private static void nonNegative(String field, int v, List<String> problems) {
    if (v < 0) {
      problems.add(field + "=" + v + " must be >= 0");
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** A Prometheus label name, or null with a problem added. */
  private static String labelName(
      String field, String value, String fallback, List<String> problems) {
    String v = value == null ? fallback : value;
    if (!LABEL_NAME.matcher(v).matches()) {
      problems.add(field + "='" + v + "' is not a Prometheus label name");
      return null;
    }
    return v;
  }
}
