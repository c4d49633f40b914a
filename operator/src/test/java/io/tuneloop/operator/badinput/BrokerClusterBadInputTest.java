package io.tuneloop.operator.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One table of bad BrokerCluster specs, each sent as raw JSON (what an API server without the CRD's
 * schema and CEL rules would store) and reconciled by the real operator (JOSDK, reconciler, loop,
 * actuators) on the mock API server. Every row must end in Ready=False/InvalidSpec whose message
 * names the offending field and value, with no environment (admin client) built, no decision asked
 * for or recorded, and the StatefulSets and ConfigMaps untouched. A valid control cluster
 * reconciled alongside proves the rows are refused for their content, not ignored.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BrokerClusterBadInputTest {
  static final ResourceDefinitionContext BROKER_CLUSTERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("tuneloop.io")
          .withVersion("v1alpha1")
          .withKind("BrokerCluster")
          .withPlural("brokerclusters")
          .withNamespaced(true)
          .build();
  static final String CONTROL = "control";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A bad spec: how it differs from a valid one and what the condition must say. */
  record Row(String name, Consumer<ObjectNode> mutate, List<String> expected) {
    Row(String name, Consumer<ObjectNode> mutate, String... expected) {
      this(name, mutate, List.of(expected));
    }
  }

  /** Sets the value at a slash-separated path, creating objects on the way. */
  static Consumer<ObjectNode> set(String path, Object value) {
    return spec -> {
      String[] parts = path.split("/");
      ObjectNode node = spec;
      for (int i = 0; i < parts.length - 1; i++) {
        node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
      }
      node.set(parts[parts.length - 1], JSON.valueToTree(value));
    };
  }

  static Consumer<ObjectNode> remove(String path) {
    return spec -> {
      String[] parts = path.split("/");
      JsonNode node = spec;
      for (int i = 0; i < parts.length - 1; i++) {
        node = node.get(parts[i]);
      }
      ((ObjectNode) node).remove(parts[parts.length - 1]);
    };
  }

  static Consumer<ObjectNode> addKnob(String name, Object min, Object max) {
    return spec -> {
      ObjectNode k =
          ((com.fasterxml.jackson.databind.node.ArrayNode) spec.at("/bounds/knobs")).addObject();
      k.put("name", name);
      k.set("min", JSON.valueToTree(min));
      k.set("max", JSON.valueToTree(max));
    };
  }

  static Map<String, Object> ref(String name, String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    if (key != null) {
      m.put("key", key);
    }
    return m;
  }

  /** The table. Names are also the BrokerClusters' names, so they are DNS labels. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // Out of range, min > max.
    rows.add(
        new Row(
            "min-brokers-above-max",
            set("bounds/minBrokers", 6).andThen(set("bounds/maxBrokers", 3)),
            "bounds.minBrokers=6 is above bounds.maxBrokers=3"));
    rows.add(
        new Row(
            "min-bookies-above-max",
            set("bounds/minBookies", 5).andThen(set("bounds/maxBookies", 4)),
            "bounds.minBookies=5 is above bounds.maxBookies=4"));
    rows.add(
        new Row(
            "knob-min-above-max",
            addKnob("flushInterval", 9000, 2000),
            "knob flushInterval has min=9000 above max=2000"));
    rows.add(
        new Row(
            "knob-outside-catalog",
            addKnob("managedLedgerCacheSizeMB", 16, 1_000_000),
            "knob managedLedgerCacheSizeMB range [16.0, 1000000.0] is outside the catalog range"));
    rows.add(
        new Row(
            "knob-boolean-not-0-or-1",
            addKnob("journalFlushWhenQueueEmpty", 0, 0.5),
            "knob journalFlushWhenQueueEmpty range [0.0, 0.5]"));
    rows.add(
        new Row(
            "brokers-zero",
            set("bounds/minBrokers", 0),
            "brokers bound 0 is outside the catalog range"));
    rows.add(
        new Row(
            "replica-step-zero",
            set("bounds/maxReplicaStep", 0),
            "bounds.maxReplicaStep=0 is outside [1, 10]"));
    rows.add(
        new Row(
            "interval-too-short",
            set("telemetry/intervalSeconds", 5),
            "telemetry.intervalSeconds=5 is outside [10, 3600]"));
    rows.add(
        new Row(
            "slo-negative",
            set("objectives/publishLatencyP99Ms", -5),
            "objectives: sloP99Ms=-5.0 must be > 0"));
    rows.add(
        new Row(
            "utilisation-above-one",
            set("objectives/utilisationTarget", 1.5),
            "utilisationTarget=1.5 is outside (0, 1]"));
    rows.add(
        new Row(
            "cost-negative", set("objectives/costWeights/disruption", -1), "objectives:", "-1.0"));
    rows.add(
        new Row(
            "cost-horizon-zero",
            set("objectives/costWeights/horizonHours", 0),
            "objectives:",
            "horizonHours=0.0"));
    rows.add(
        new Row(
            "http-port-too-big",
            set("workloads/broker/httpPort", 70000),
            "workloads.broker.httpPort=70000 is outside [1, 65535]"));
    rows.add(
        new Row(
            "cooldown-negative",
            set("guardrails/cooldownSeconds", -1),
            "guardrails.cooldownSeconds=-1 must be >= 0"));
    rows.add(
        new Row(
            "rollback-threshold-huge",
            set("guardrails/rollbackThresholdPercent", 5000),
            "guardrails.rollbackThresholdPercent=5000.0 is outside [0, 1000]"));
    rows.add(
        new Row(
            "completeness-zero",
            set("guardrails/minTelemetryCompleteness", 0),
            "guardrails.minTelemetryCompleteness=0.0 is outside (0, 1]"));
    rows.add(
        new Row(
            "history-zero",
            set("guardrails/decisionHistory", 0),
            "guardrails.decisionHistory=0 must be >= 1"));
    rows.add(
        new Row(
            "progress-deadline-short",
            set("guardrails/progressDeadlineSeconds", 59),
            "guardrails.progressDeadlineSeconds=59 must be >= 60"));
    rows.add(
        new Row(
            "progress-deadline-negative",
            set("guardrails/progressDeadlineSeconds", -900),
            "guardrails.progressDeadlineSeconds=-900 must be >= 60"));
    rows.add(
        new Row(
            "progress-deadline-duration-string",
            set("guardrails/progressDeadlineSeconds", "15m"),
            "spec.guardrails.progressDeadlineSeconds=15m cannot be read; expected an Integer"));
    rows.add(
        new Row(
            "rollbacks-zero",
            set("guardrails/maxRollbacksPerHour", 0),
            "guardrails.maxRollbacksPerHour=0 must be >= 1"));
    rows.add(
        new Row(
            "clip-norm-zero",
            set("federation/join", true)
                .andThen(set("federation/serviceUrl", "pulsar://fed:6650"))
                .andThen(set("federation/privacy/clipNorm", 0)),
            "federation.privacy.clipNorm=0.0 must be > 0"));
    rows.add(
        new Row(
            "noise-negative",
            set("federation/join", true)
                .andThen(set("federation/serviceUrl", "pulsar://fed:6650"))
                .andThen(set("federation/privacy/noiseMultiplier", -1)),
            "federation.privacy.noiseMultiplier=-1.0 must be >= 0"));
    // Huge values.
    rows.add(
        new Row(
            "brokers-huge",
            set("bounds/maxBrokers", 2_000_000_000),
            "brokers bound 2000000000 is outside the catalog range"));
    rows.add(
        new Row(
            "interval-max-int",
            set("telemetry/intervalSeconds", Integer.MAX_VALUE),
            "telemetry.intervalSeconds=2147483647 is outside [10, 3600]"));
    rows.add(
        new Row(
            "slo-huge-double",
            set("objectives/publishLatencyP99Ms", 1e308)
                .andThen(set("objectives/utilisationTarget", 1e308)),
            "utilisationTarget=1.0E308 is outside (0, 1]"));
    rows.add(
        new Row(
            "knob-huge-range",
            addKnob("dispatcherMaxReadSizeBytes", -1e300, 1e300),
            "knob dispatcherMaxReadSizeBytes range [-1.0E300, 1.0E300] is outside the catalog"));
    rows.add(
        new Row(
            "knob-name-huge",
            addKnob("x".repeat(5000), 1, 2),
            "knob xxxxxxxxxx",
            "(5000 characters) is not in catalog"));
    // Wrong types that no Java field can hold.
    rows.add(
        new Row(
            "mode-unknown",
            set("mode", "Sometimes"),
            "spec.mode=Sometimes cannot be read; expected one of [Observe, Recommend, Auto]"));
    rows.add(
        new Row(
            "brokers-word",
            set("bounds/minBrokers", "three"),
            "spec.bounds.minBrokers=three cannot be read; expected an Integer"));
    rows.add(
        new Row(
            "knobs-not-a-list",
            set("bounds/knobs", "flushInterval"),
            "spec.bounds.knobs=\"flushInterval\" cannot be read"));
    rows.add(
        new Row(
            "port-fraction",
            set("workloads/broker/httpPort", 80.5),
            "spec.workloads.broker.httpPort=80.5 cannot be read"));
    // Strings where numbers belong that Jackson reads as numbers, and NaN.
    rows.add(
        new Row(
            "knob-min-nan-string",
            addKnob("flushInterval", "NaN", 2000),
            "knob flushInterval range [NaN, 2000.0]"));
    rows.add(
        new Row(
            "slo-nan-string",
            set("objectives/publishLatencyP99Ms", "NaN"),
            "sloP99Ms=NaN must be > 0"));
    rows.add(
        new Row(
            "slo-infinity-string",
            set("objectives/publishLatencyP99Ms", "Infinity"),
            "sloP99Ms=Infinity must be > 0"));
    rows.add(
        new Row(
            "threshold-nan-string",
            set("guardrails/rollbackThresholdPercent", "NaN"),
            "guardrails.rollbackThresholdPercent=NaN is outside [0, 1000]"));
    // Denylisted and unknown knobs.
    for (String denied :
        List.of(
            "journalSyncData",
            "managedLedgerDefaultAckQuorum",
            "PULSAR_PREFIX_managedLedgerDefaultEnsembleSize",
            "authenticationEnabled",
            "tlsEnabled",
            "brokerClientAuthenticationParameters",
            "replicationProducerQueueSize")) {
      rows.add(
          new Row(
              "denied-" + denied.toLowerCase().replace('_', '-'),
              addKnob(denied, 0, 1),
              "knob " + denied + " is never tuned"));
    }
    rows.add(
        new Row(
            "unknown-knob",
            addKnob("maxConcurrentLookupRequest", 1, 10),
            "knob maxConcurrentLookupRequest is not in catalog knobs-v1"));
    rows.add(
        new Row(
            "replicas-as-knob",
            addKnob("brokers", 1, 3),
            "knob brokers is bounded by min/max replicas, not as a knob"));
    rows.add(
        new Row(
            "knob-twice",
            addKnob("flushInterval", 1000, 2000).andThen(addKnob("flushInterval", 1000, 3000)),
            "knob flushInterval is listed twice"));
    rows.add(
        new Row(
            "knob-without-max",
            spec -> {
              addKnob("flushInterval", 1000, 2000).accept(spec);
              ((ObjectNode) spec.at("/bounds/knobs/2")).remove("max");
            },
            "bounds.knobs: every knob needs name, min and max"));
    // Empty strings.
    rows.add(new Row("admin-url-empty", set("pulsar/adminUrl", ""), "pulsar.adminUrl is missing"));
    rows.add(
        new Row("engine-empty", set("engine", ""), "engine= is not supported; expected pulsar"));
    rows.add(new Row("engine-kafka", set("engine", "kafka"), "engine=kafka is not supported"));
    rows.add(
        new Row(
            "release-empty",
            set("workloads/release", ""),
            "workloads.release=''",
            "is not a Kubernetes name"));
    rows.add(
        new Row(
            "statefulset-empty",
            set("workloads/bookie/statefulSet", ""),
            "workloads.bookie.statefulSet=''",
            "is not a Kubernetes name"));
    rows.add(
        new Row(
            "configmap-bad-name",
            set("workloads/broker/configMap", "Pulsar_Broker"),
            "workloads.broker.configMap='Pulsar_Broker' is not a Kubernetes name"));
    rows.add(
        new Row(
            "secret-name-empty",
            set("pulsar/authSecretRef", ref("", null)),
            "pulsar.authSecretRef.name is missing"));
    rows.add(
        new Row(
            "label-empty",
            set("telemetry/prometheusUrl", "http://prometheus:9090")
                .andThen(set("telemetry/prometheusLabels/pod", "")),
            "telemetry.prometheusLabels.pod='' is not a Prometheus label name"));
    rows.add(
        new Row(
            "tenant-empty",
            set("federation/join", true)
                .andThen(set("federation/serviceUrl", "pulsar://fed:6650"))
                .andThen(set("federation/tenant", "")),
            "federation.tenant='' is not 1..64 characters"));
    // Bad URLs.
    rows.add(
        new Row(
            "admin-url-no-scheme",
            set("pulsar/adminUrl", "pulsar-broker:8080"),
            "pulsar.adminUrl=pulsar-broker:8080 is not an http(s) URL with a host"));
    rows.add(
        new Row(
            "admin-url-ftp",
            set("pulsar/adminUrl", "ftp://pulsar-broker:8080"),
            "pulsar.adminUrl=ftp://pulsar-broker:8080 is not an http(s) URL"));
    rows.add(
        new Row(
            "admin-url-no-host",
            set("pulsar/adminUrl", "http://"),
            "pulsar.adminUrl=http:// is not a URL"));
    rows.add(
        new Row(
            "admin-url-space",
            set("pulsar/adminUrl", "http://pulsar broker:8080"),
            "pulsar.adminUrl=http://pulsar broker:8080 is not a URL"));
    rows.add(
        new Row(
            "prometheus-url-bad",
            set("telemetry/prometheusUrl", "prometheus:9090/api"),
            "telemetry.prometheusUrl=prometheus:9090/api is not an http(s) URL"));
    rows.add(
        new Row(
            "federation-url-http",
            set("federation/join", true).andThen(set("federation/serviceUrl", "http://fed:8080")),
            "federation.serviceUrl='http://fed:8080' is not pulsar://host:port"));
    rows.add(
        new Row(
            "federation-url-missing",
            set("federation/join", true),
            "federation.join=true needs federation.serviceUrl"));
    // Missing secrets and keys.
    rows.add(
        new Row(
            "secret-missing",
            set("pulsar/authSecretRef", ref("no-such-secret", null)),
            "pulsar.authSecretRef: Secret pulsar/no-such-secret has no key 'token' (or is"
                + " missing)"));
    rows.add(
        new Row(
            "secret-key-missing",
            set("pulsar/authSecretRef", ref("pulsar-token", "jwt")),
            "pulsar.authSecretRef: Secret pulsar/pulsar-token has no key 'jwt'"));
    rows.add(
        new Row(
            "ca-secret-missing",
            set("pulsar/tls/trustCertsSecretRef", ref("no-ca", "ca.crt")),
            "pulsar.tls.trustCertsSecretRef: Secret pulsar/no-ca has no key 'ca.crt'"));
    rows.add(
        new Row(
            "ca-secret-not-pem",
            set("pulsar/tls/trustCertsSecretRef", ref("pulsar-token", "token")),
            "pulsar.tls.trustCertsSecretRef: Secret pulsar/pulsar-token key 'token' does not"
                + " hold a PEM certificate"));
    rows.add(
        new Row(
            "federation-ca-missing",
            set("federation/join", true)
                .andThen(set("federation/serviceUrl", "pulsar+ssl://fed:6651"))
                .andThen(set("federation/trustCertsSecretRef", ref("no-fed-ca", "ca.crt"))),
            "federation.trustCertsSecretRef: Secret pulsar/no-fed-ca has no key 'ca.crt'"));
    rows.add(
        new Row(
            "federation-ca-not-pem",
            set("federation/join", true)
                .andThen(set("federation/serviceUrl", "pulsar+ssl://fed:6651"))
                .andThen(set("federation/trustCertsSecretRef", ref("pulsar-token", "token"))),
            "federation.trustCertsSecretRef: Secret pulsar/pulsar-token key 'token' does not hold"
                + " a PEM certificate"));
    // Missing sections.
    rows.add(new Row("no-pulsar", remove("pulsar"), "pulsar.adminUrl is missing"));
    rows.add(
        new Row(
            "no-objectives", remove("objectives"), "objectives.publishLatencyP99Ms is missing"));
    rows.add(
        new Row(
            "no-bounds",
            remove("bounds"),
            "bounds needs minBrokers, maxBrokers, minBookies and maxBookies"));
    rows.add(
        new Row(
            "no-workload-names",
            remove("workloads/release"),
            "workloads.broker.statefulSet is missing",
            "workloads.bookie.statefulSet is missing"));
    return rows;
  }

  KubernetesClient client;
  OperatorHarness h;
  TuneloopOperator operator;

  @BeforeEach
  void cluster() {
    h = new OperatorHarness(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    h.close();
  }

  static ObjectNode validSpec() {
    ObjectNode spec = JSON.valueToTree(ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080"));
    // Auto with a planner that always scales: any row that slipped through would act.
    spec.put("mode", "Auto");
    return spec;
  }

  void createRaw(String name, ObjectNode spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("tuneloop.io/v1alpha1");
    r.setKind("BrokerCluster");
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NS).build());
    r.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
    client
        .genericKubernetesResources(BROKER_CLUSTERS)
        .inNamespace(OperatorHarness.NS)
        .resource(r)
        .create();
  }

  Map<String, Object> clusterState() {
    Map<String, Object> state = new LinkedHashMap<>();
    for (String sts : List.of(HelmChartCluster.BROKER, HelmChartCluster.BOOKIE)) {
      var s = client.apps().statefulSets().inNamespace(OperatorHarness.NS).withName(sts).get();
      state.put(sts + "/replicas", s.getSpec().getReplicas());
      state.put(sts + "/template", s.getSpec().getTemplate().getMetadata());
      var cm = client.configMaps().inNamespace(OperatorHarness.NS).withName(sts).get();
      state.put(sts + "/data", cm.getData());
    }
    return state;
  }

  @Test
  void everyBadSpecEndsInANamedConditionAndNoAction() {
    List<Row> rows = rows();
    Map<String, Object> before = clusterState();
    ScriptedDecisionMaker maker = new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3));
    // The control is in Observe: it is decided for, but never acts on the cluster.
    operator = h.startOperator(maker, Optional.empty());
    Map<String, JsonNode> sent = new LinkedHashMap<>();
    for (Row row : rows) {
      ObjectNode spec = validSpec();
      row.mutate().accept(spec);
      createRaw(row.name(), spec);
      sent.put(row.name(), JSON.valueToTree(JSON.convertValue(spec, Map.class)));
    }
    ObjectNode control = validSpec();
    control.put("mode", "Observe");
    createRaw(CONTROL, control);

    OperatorHarness.await(
        "a Ready condition on every row and the control",
        Duration.ofSeconds(60),
        () -> rows.stream().filter(r -> ready(r.name()).isEmpty()).map(Row::name).toList(),
        List::isEmpty);
    OperatorHarness.await(
        "the control reconciled",
        Duration.ofSeconds(30),
        () -> ready(CONTROL).map(Condition::getStatus).orElse(""),
        "True"::equals);

    SoftAssertions soft = new SoftAssertions();
    int handled = 0;
    for (Row row : rows) {
      Condition c = ready(row.name()).orElseThrow();
      boolean ok =
          "False".equals(c.getStatus())
              && "InvalidSpec".equals(c.getReason())
              && row.expected().stream().allMatch(e -> c.getMessage().contains(e))
              && !h.environmentsBuiltFor.contains(OperatorHarness.NS + "/" + row.name())
              && stored(row.name()).equals(sent.get(row.name()))
              && h.events().stream()
                  .anyMatch(
                      e ->
                          row.name().equals(e.getInvolvedObject().getName())
                              && "InvalidSpec".equals(e.getReason()));
      soft.assertThat(ok)
          .as(
              "row %s: Ready=%s/%s '%s' should contain %s; environment built: %s; spec kept: %s",
              row.name(),
              c.getStatus(),
              c.getReason(),
              c.getMessage(),
              row.expected(),
              h.environmentsBuiltFor.contains(OperatorHarness.NS + "/" + row.name()),
              stored(row.name()).equals(sent.get(row.name())))
          .isTrue();
      if (ok) {
        handled++;
      }
    }
    soft.assertThat(h.environmentsBuiltFor).containsExactly(OperatorHarness.NS + "/" + CONTROL);
    soft.assertThat(
            h.decisions().stream()
                .filter(
                    d ->
                        d.getMetadata().getOwnerReferences().stream()
                            .noneMatch(o -> CONTROL.equals(o.getName())))
                .toList())
        .as("decisions of bad clusters")
        .isEmpty();
    soft.assertThat(clusterState()).as("StatefulSets and ConfigMaps").isEqualTo(before);
    soft.assertThat(h.controller.restarts()).as("pods restarted").isEmpty();
    System.out.printf("BrokerCluster bad inputs tried %d, handled %d%n", rows.size(), handled);
    soft.assertAll();
  }

  /** The spec as stored, read without the operator's classes: status writes must keep it. */
  JsonNode stored(String name) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(BROKER_CLUSTERS)
            .inNamespace(OperatorHarness.NS)
            .withName(name)
            .get();
    return JSON.valueToTree(r.getAdditionalProperties().get("spec"));
  }

  Optional<Condition> ready(String name) {
    BrokerCluster bc = h.cluster(name);
    if (bc == null || bc.getStatus() == null || bc.getStatus().conditions == null) {
      return Optional.empty();
    }
    return bc.getStatus().conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }
}
