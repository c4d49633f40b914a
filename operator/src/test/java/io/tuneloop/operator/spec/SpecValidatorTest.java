package io.tuneloop.operator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.tuning.planner.Mode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
  private final Map<String, String> secretStore =
      Map.of(
          "ns/pulsar-token/token", "jwt-abc",
          "ns/pulsar-ca/ca.crt", PEM,
          "ns/pulsar-ca/token", "jwt-not-a-cert");
  private final SpecValidator validator =
      new SpecValidator(
          (ns, name, key) -> Optional.ofNullable(secretStore.get(ns + "/" + name + "/" + key)));

  private SpecValidation validate(BrokerClusterSpec spec) {
    return validator.validate("ns", "c1", spec);
  }

  @Test
  void validSpecResolvesHelmChartNamesAndDefaults() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.ns.svc:8080");
    spec.pulsar.authSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.authSecretRef.name = "pulsar-token";
    SpecValidation v = validate(spec);
    assertThat(v.problems()).isEmpty();
    ClusterPlan p = v.plan().orElseThrow();
    assertThat(p.broker())
        .isEqualTo(new ClusterPlan.Workload("pulsar-broker", "pulsar-broker", 8080));
    assertThat(p.bookie())
        .isEqualTo(new ClusterPlan.Workload("pulsar-bookie", "pulsar-bookie", 8000));
    assertThat(p.adminToken()).contains("jwt-abc");
    assertThat(p.mode()).isEqualTo(Mode.RECOMMEND);
    assertThat(p.bounds().allowedKnobs())
        .containsOnlyKeys("journalMaxGroupWaitMSec", "dispatcherMaxReadBatchSize");
    assertThat(p.guardrails().decisionHistory()).isEqualTo(50);
    assertThat(p.interval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void minAboveMaxIsRejected() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.bounds.minBrokers = 6;
    spec.bounds.maxBrokers = 3;
    spec.bounds.knobs.add(new BrokerClusterSpec.KnobBound("flushInterval", 9000, 2000));
    SpecValidation v = validate(spec);
    assertThat(v.isValid()).isFalse();
    assertThat(v.problems())
        .contains("bounds.minBrokers=6 is above bounds.maxBrokers=3")
        .contains("knob flushInterval has min=9000 above max=2000");
  }

  @Test
  void denylistedKnobIsRejectedWithTheReason() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.bounds.knobs.add(new BrokerClusterSpec.KnobBound("journalSyncData", 0, 1));
    spec.bounds.knobs.add(
        new BrokerClusterSpec.KnobBound("PULSAR_PREFIX_managedLedgerDefaultAckQuorum", 1, 2));
    SpecValidation v = validate(spec);
    assertThat(v.message())
        .contains("knob journalSyncData is never tuned: journal fsync")
        .contains("knob PULSAR_PREFIX_managedLedgerDefaultAckQuorum is never tuned");
  }

  @Test
  void unknownKnobIsRejected() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.bounds.knobs.add(new BrokerClusterSpec.KnobBound("maxConcurrentLookupRequest", 1, 10));
    assertThat(validate(spec).message())
        .contains("knob maxConcurrentLookupRequest is not in catalog knobs-v1; expected one of [");
  }

  @Test
  void rangeWiderThanCatalogIsRejected() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.bounds.knobs.set(0, new BrokerClusterSpec.KnobBound("journalMaxGroupWaitMSec", 0, 500));
    spec.bounds.maxBookies = 500;
    SpecValidation v = validate(spec);
    assertThat(v.message())
        .contains(
            "knob journalMaxGroupWaitMSec range [0.0, 500.0] is outside the catalog range [0, 50]")
        .contains("bookies bound 500 is outside the catalog range [1, 200]");
  }

  @Test
  void badUrlsAreRejected() {
    BrokerClusterSpec spec = ClusterSpecs.valid("pulsar://broker:6650");
    spec.telemetry.prometheusUrl = "http//prometheus";
    SpecValidation v = validate(spec);
    assertThat(v.problems())
        .contains("pulsar.adminUrl=pulsar://broker:6650 is not an http(s) URL with a host")
        .anyMatch(p -> p.startsWith("telemetry.prometheusUrl=http//prometheus"));
  }

  @Test
  void prometheusTelemetryCarriesItsLabelsAndRefusesBadLabelNames() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.telemetry.prometheusUrl = "http://prometheus.monitoring:9090";
    spec.telemetry.prometheusLabels.pod = "kubernetes_pod_name";
    ClusterPlan p = validate(spec).plan().orElseThrow();
    assertThat(p.prometheus())
        .contains(
            new ClusterPlan.PrometheusQuery(
                java.net.URI.create("http://prometheus.monitoring:9090"),
                "kubernetes_pod_name",
                "namespace"));

    spec.telemetry.prometheusLabels.namespace = "kubernetes namespace";
    assertThat(validate(spec).problems())
        .contains(
            "telemetry.prometheusLabels.namespace='kubernetes namespace' is not a Prometheus"
                + " label name");
  }

  @Test
  void trustCertsComeFromTheSecretAndMustBePem() throws Exception {
    BrokerClusterSpec spec = ClusterSpecs.valid("https://b:8443");
    spec.pulsar.tls = new BrokerClusterSpec.Tls();
    spec.pulsar.tls.trustCertsSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.tls.trustCertsSecretRef.name = "pulsar-ca";
    spec.pulsar.tls.trustCertsSecretRef.key = "ca.crt";
    spec.pulsar.tls.enableHostnameVerification = false;
    ClusterPlan p = validate(spec).plan().orElseThrow();
    assertThat(p.trustCertsPem()).contains(PEM);
    assertThat(p.tlsHostnameVerification()).isFalse();

    java.nio.file.Path file =
        io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider.trustCertsFile(p);
    assertThat(java.nio.file.Files.readString(file)).isEqualTo(PEM);
    assertThat(java.nio.file.Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    spec.pulsar.tls.trustCertsSecretRef.key = "token";
    assertThat(validate(spec).problems())
        .containsExactly(
            "pulsar.tls.trustCertsSecretRef: Secret ns/pulsar-ca key 'token' does not hold a PEM"
                + " certificate")
        .noneMatch(problem -> problem.contains("jwt-not-a-cert"));
  }

  @Test
  void missingSecretIsRejected() {
    BrokerClusterSpec spec = ClusterSpecs.valid("https://b:8443");
    spec.pulsar.authSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.authSecretRef.name = "no-such-secret";
    assertThat(validate(spec).problems())
        .containsExactly(
            "pulsar.authSecretRef: Secret ns/no-such-secret has no key 'token' (or is missing)");
  }

  @Test
  void missingWorkloadNamesAndObjectivesAreReported() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.workloads.release = null;
    spec.objectives = null;
    spec.federation.join = true;
    assertThat(validate(spec).problems())
        .contains(
            "workloads.broker.statefulSet is missing; set it or workloads.release (Helm chart)",
            "workloads.bookie.statefulSet is missing; set it or workloads.release (Helm chart)",
            "objectives.publishLatencyP99Ms is missing",
            "federation.join=true needs federation.serviceUrl");
  }

  @Test
  void federationSettingsReachThePlanOnlyWhenTheClusterJoins() {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    assertThat(validate(spec).plan().orElseThrow().federation()).isEmpty();
    spec.federation.join = true;
    spec.federation.serviceUrl = "pulsar+ssl://fed.example:6651";
    spec.federation.tenant = "acme";
    spec.federation.shareUpdates = true;
    spec.federation.privacy.clipNorm = 0.25;
    spec.federation.privacy.noiseMultiplier = 1.1;
    assertThat(validate(spec).plan().orElseThrow().federation())
        .contains(
            new ClusterPlan.Federation("pulsar+ssl://fed.example:6651", "acme", true, 0.25, 1.1));
    spec.federation.serviceUrl = "http://fed.example:8080";
    assertThat(validate(spec).problems())
        .contains(
            "federation.serviceUrl='http://fed.example:8080' is not pulsar://host:port or pulsar+ssl://");
  }
}
