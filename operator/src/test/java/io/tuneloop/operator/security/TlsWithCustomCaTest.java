package io.tuneloop.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.StandaloneBrokerConfig;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.federation.Federations;
import io.tuneloop.operator.federation.PulsarClients;
import io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidation;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator's admin client over TLS with a custom CA: a test-only CA and a server certificate
 * for 127.0.0.1 are made at test time, a broker of its own (not the shared fixture broker) serves
 * its admin API over https with them, and the operator's {@link
 * KubernetesEnvironmentProvider#adminFor} admin client, built from a BrokerCluster spec whose CA
 * Secret holds the CA, reads the broker over https with hostname verification on. The same spec
 * with another CA is refused with a certificate error. The federation's Pulsar client ({@link
 * PulsarClients}), given the CA from the spec's {@code federation.trustCertsSecretRef}, publishes
 * and reads over {@code pulsar+ssl://}; with another CA it cannot connect.
 */
@Timeout(420)
class TlsWithCustomCaTest {
  static StandaloneBroker broker;
  static String caPem;
  static String otherCaPem;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("tuneloop-tls-");
    TestCertificateAuthority ca =
        new TestCertificateAuthority(dir.resolve("ca"), "Tuneloop test CA");
    caPem = ca.certificatePem();
    otherCaPem =
        new TestCertificateAuthority(dir.resolve("other-ca"), "Some other CA").certificatePem();
    TestCertificateAuthority.ServerCertificate server = ca.issueServer();
    Path cert = Files.writeString(dir.resolve("broker.cert.pem"), server.certificatePem());
    Path key = Files.writeString(dir.resolve("broker.key-pk8.pem"), server.privateKeyPem());
    Path trust = Files.writeString(dir.resolve("ca.cert.pem"), caPem);
    broker =
        StandaloneBroker.start(
            StandaloneBrokerConfig.builder()
                .setting("tlsCertificateFilePath", cert.toString())
                .setting("tlsKeyFilePath", key.toString())
                .setting("tlsTrustCertsFilePath", trust.toString())
                .startTimeout(Duration.ofSeconds(300))
                .build());
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static ClusterPlan plan(String trustPem, boolean hostnameVerification) {
    BrokerClusterSpec spec = ClusterSpecs.valid(broker.webServiceUrlTls());
    spec.pulsar.tls = new BrokerClusterSpec.Tls();
    spec.pulsar.tls.enableHostnameVerification = hostnameVerification;
    spec.pulsar.tls.trustCertsSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.pulsar.tls.trustCertsSecretRef.name = "pulsar-ca";
    spec.pulsar.tls.trustCertsSecretRef.key = "ca.crt";
    Map<String, String> secrets = Map.of("ns/pulsar-ca/ca.crt", trustPem);
    SpecValidation v =
        new SpecValidator(
                (ns, name, k) -> Optional.ofNullable(secrets.get(ns + "/" + name + "/" + k)))
            .validate("ns", "tls-" + Math.abs(trustPem.hashCode()), spec);
    assertThat(v.problems()).isEmpty();
    return v.plan().orElseThrow();
  }

  @Test
  void theAdminClientReadsTheBrokerOverHttpsTrustingTheCustomCa() throws Exception {
    ClusterPlan plan = plan(caPem, true);
    assertThat(plan.adminUrl().getScheme()).isEqualTo("https");
    try (PulsarAdmin admin = KubernetesEnvironmentProvider.adminFor(plan)) {
      assertThat(admin).isNotNull();
      assertThat(admin.clusters().getClusters()).contains("standalone");
      // What the operator reads for its snapshot's settings.
      assertThat(admin.brokers().getAllDynamicConfigurations()).isNotNull();
      assertThat(admin.brokers().getDynamicConfigurationNames())
          .contains("dispatcherMaxReadBatchSize");
    }
  }

  @Test
  void anotherCaIsRefusedWithACertificateError() throws Exception {
    try (PulsarAdmin admin = KubernetesEnvironmentProvider.adminFor(plan(otherCaPem, true))) {
      assertThatThrownBy(() -> admin.clusters().getClusters())
          .isInstanceOf(PulsarAdminException.class)
          .satisfies(
              e ->
                  assertThat(chain(e))
                      .containsAnyOf(
                          "PKIX", "certificate", "SSLHandshake", "unable to find valid"));
    }
  }

  static Optional<String> federationTrust(String trustPem) {
    return federationPlan(trustPem).federation().orElseThrow().trustCertsPem();
  }

  static ClusterPlan federationPlan(String trustPem) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://127.0.0.1:1");
    spec.federation.join = true;
    spec.federation.serviceUrl = broker.serviceUrlTls();
    spec.federation.trustCertsSecretRef = new BrokerClusterSpec.SecretKeyRef();
    spec.federation.trustCertsSecretRef.name = "federation-ca";
    spec.federation.trustCertsSecretRef.key = "ca.crt";
    Map<String, String> secrets = Map.of("ns/federation-ca/ca.crt", trustPem);
    SpecValidation v =
        new SpecValidator(
                (ns, name, k) -> Optional.ofNullable(secrets.get(ns + "/" + name + "/" + k)))
            .validate("ns", "fed", spec);
    assertThat(v.problems()).isEmpty();
    ClusterPlan.Federation f = v.plan().orElseThrow().federation().orElseThrow();
    assertThat(f.serviceUrl()).startsWith("pulsar+ssl://");
    return v.plan().orElseThrow();
  }

  @Test
  void theFederationClientPublishesAndReadsOverPulsarSslTrustingTheCustomCa() throws Exception {
    String topic = "persistent://public/default/federation-tls-check";
    try (PulsarClients clients = new PulsarClients()) {
      PulsarClient client = clients.forUrl(broker.serviceUrlTls(), federationTrust(caPem));
      try (Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create();
          Reader<String> reader =
              client
                  .newReader(Schema.STRING)
                  .topic(topic)
                  .startMessageId(MessageId.earliest)
                  .create()) {
        producer.send("over TLS");
        Message<String> m = reader.readNext(30, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.getValue()).isEqualTo("over TLS");
      }
    }
  }

  @Test
  void theFederationClientRefusesAnotherCa() throws Exception {
    try (PulsarClients clients = new PulsarClients()) {
      PulsarClient client = clients.forUrl(broker.serviceUrlTls(), federationTrust(otherCaPem));
      assertThatThrownBy(
              () ->
                  client
                      .newProducer(Schema.STRING)
                      .topic("persistent://public/default/federation-tls-refused")
                      .sendTimeout(5, TimeUnit.SECONDS)
                      .create())
          .isInstanceOf(PulsarClientException.class);
    }
    // Joining the federation, the operator says that the TLS handshake failed, why, and which
    // trust it used, for the cluster's Federated condition: not only the client's "Connection
    // already closed".
    try (Federations federations =
        new Federations(
            "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.US_ASCII),
            FeatureSchema.v1(),
            Clock.systemUTC())) {
      ClusterPlan plan = federationPlan(otherCaPem);
      Path models = Files.createTempDirectory("tuneloop-tls-models-");
      PerformanceModel model =
          PerformanceModel.initialise(
              new EnsembleConfig(3, List.of(4), 1e-3, 1e-5, 7L),
              FeatureSchema.v1(),
              "tls-test",
              Lineage.baseline("shipped-test"),
              Instant.parse("2026-01-01T00:00:00Z"));
      ModelStore store = new ModelStore(models.resolve("fed"), FeatureSchema.v1());
      assertThatThrownBy(() -> federations.join(plan, model, store, m -> {}))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("TLS handshake")
          .hasMessageContaining(broker.serviceUrlTls())
          .hasMessageContaining(
              "trusting federation.trustCertsSecretRef (Secret ns/federation-ca key 'ca.crt')")
          .hasMessageContaining("PKIX path building failed")
          .hasMessageNotContaining("BEGIN CERTIFICATE");
      // The client that could not connect is not kept open.
      assertThat(federations.openClients()).isZero();
    }
  }

  static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append(" | ");
    }
    return sb.toString();
  }
}
