package io.tuneloop.telemetry.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadReport;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.telemetry.admin.AdminApiException.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against a real Pulsar 4.0.7 broker (the shared fixture). */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PulsarAdminTelemetryTest {

  private static StandaloneBroker broker;
  private static PulsarAdminTelemetry telemetry;

  @BeforeAll
  static void connect(StandaloneBroker shared) {
    broker = shared;
    telemetry = new PulsarAdminTelemetry(PulsarAdminConfig.of(shared.webServiceUrl()));
  }

  @AfterAll
  static void disconnect() {
    telemetry.close();
  }

  @Test
  void loadReportDescribesTheBrokerUnderLoad() throws Exception {
    LoadSpec spec =
        LoadSpec.builder(200)
            .topicPrefix("persistent://public/default/admin-load-" + System.nanoTime())
            .topics(2)
            .producers(2)
            .consumers(2)
            .sizes(MessageSizes.fixed(1024))
            .duration(null)
            .build();
    LoadGenerator load = new LoadGenerator(broker.serviceUrl(), spec);
    CompletableFuture<LoadReport> running = load.start();
    try {
      // The load manager refreshes its report every few seconds once the load changes.
      BrokerLoad report = telemetry.loadReport();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while ((report.producers() < 2 || report.msgRateIn() <= 0) && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        report = telemetry.loadReport();
      }
      assertThat(report.broker()).isEqualTo(broker.webServiceUrl());
      assertThat(report.producers()).isGreaterThanOrEqualTo(2);
      assertThat(report.consumers()).isGreaterThanOrEqualTo(2);
      assertThat(report.topics()).isGreaterThanOrEqualTo(2);
      assertThat(report.msgRateIn()).isPositive();
      assertThat(report.throughputIn()).isPositive();
      // 512 MB heap cap on the child JVM.
      assertThat(report.heapMemory().limit()).isBetween(400.0, 520.0);
      assertThat(report.heapMemory().used()).isPositive();
      assertThat(report.directMemory().limit()).isPositive();
      assertThat(report.cpu().limit()).isGreaterThanOrEqualTo(100.0);
      assertThat(report.lastUpdate()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
      assertThat(report.brokerVersion()).startsWith("4.0.7");

      NamespaceTopicStats stats = telemetry.topicStats("public/default");
      assertThat(stats.topics())
          .extracting(TopicLoad::topic)
          .contains(spec.topic(0), spec.topic(1))
          .noneMatch(t -> t.contains("/__"));
      TopicLoad first =
          stats.topics().stream()
              .filter(t -> t.topic().equals(spec.topic(0)))
              .findFirst()
              .orElseThrow();
      assertThat(first.producers()).isEqualTo(1);
      assertThat(first.subscriptions()).isEqualTo(1);
      assertThat(first.consumers()).isEqualTo(1);
      assertThat(stats.producers()).isGreaterThanOrEqualTo(2);
      assertThat(stats.truncated()).isFalse();
    } finally {
      load.stop();
      assertThat(running.get(2, TimeUnit.MINUTES).failed()).isZero();
    }
  }

  @Test
  void topicStatsAreCappedAndSayWhenTruncated() throws Exception {
    String prefix = "persistent://public/default/admin-cap-" + System.nanoTime();
    new LoadGenerator(
            broker.serviceUrl(),
            LoadSpec.builder(50)
                .topicPrefix(prefix)
                .topics(3)
                .producers(3)
                .consumers(3)
                .duration(Duration.ofSeconds(1))
                .build())
        .run();

    NamespaceTopicStats capped = telemetry.topicStats("public/default", 1);

    assertThat(capped.topics()).hasSize(1);
    assertThat(capped.topicsListed()).isGreaterThanOrEqualTo(3);
    assertThat(capped.truncated()).isTrue();
    assertThatThrownBy(() -> telemetry.topicStats("no-slash"))
        .hasMessageContaining("namespace=no-slash is not of the form tenant/namespace");
  }

  @Test
  void dynamicConfigurationListsNamesValuesAndShowsAnUpdate() throws Exception {
    DynamicConfiguration before = telemetry.dynamicConfiguration();
    assertThat(before.names())
        .hasSizeGreaterThan(100)
        .contains(
            "managedLedgerCacheSizeMB",
            "dispatcherMaxReadBatchSize",
            "dispatcherMaxRoundRobinBatchSize");
    assertThat(before.value("dispatcherMaxReadBatchSize")).contains("100");
    assertThat(before.values().keySet()).noneMatch(DynamicConfiguration::isSecret);

    try {
      telemetry.updateDynamicConfiguration("dispatcherMaxReadBatchSize", "37");
      DynamicConfiguration after = telemetry.dynamicConfiguration();
      assertThat(after.overrides()).containsEntry("dispatcherMaxReadBatchSize", "37");
      // The broker applies the override to its runtime configuration asynchronously.
      after = awaitApplied(after);
      assertThat(after.value("dispatcherMaxReadBatchSize")).contains("37");
      assertThat(after.notApplied()).isEmpty();
    } finally {
      telemetry.resetDynamicConfiguration("dispatcherMaxReadBatchSize");
    }
    assertThat(telemetry.dynamicConfiguration().overrides())
        .doesNotContainKey("dispatcherMaxReadBatchSize");
  }

  @Test
  void aValueOfTheWrongTypeIsStoredButNotAppliedAndThatIsVisible() throws Exception {
    // Pulsar 4.0.7 accepts this (HTTP 204); the broker then fails to apply it and keeps 100.
    telemetry.updateDynamicConfiguration("dispatcherMaxRoundRobinBatchSize", "lots");
    try {
      DynamicConfiguration after = telemetry.dynamicConfiguration();
      assertThat(after.overrides()).containsEntry("dispatcherMaxRoundRobinBatchSize", "lots");
      assertThat(after.notApplied()).containsEntry("dispatcherMaxRoundRobinBatchSize", "lots");
      assertThat(after.value("dispatcherMaxRoundRobinBatchSize")).contains("20");
    } finally {
      telemetry.resetDynamicConfiguration("dispatcherMaxRoundRobinBatchSize");
    }
  }

  @Test
  void anUnknownNamespaceIsABadRequestNamingUrlStatusAndReason() {
    assertThatThrownBy(() -> telemetry.topicStats("no-such-tenant/no-such-namespace"))
        .isInstanceOfSatisfying(
            AdminApiException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
              assertThat(e.statusCode()).hasValue(404);
              assertThat(e.getMessage())
                  .contains("cannot list the topics of no-such-tenant/no-such-namespace")
                  .contains(
                      "GET "
                          + broker.webServiceUrl()
                          + "/admin/v2/namespaces/no-such-tenant/no-such-namespace/topics")
                  .contains("answered HTTP 404");
            });
  }

  @Test
  void aNonDynamicSettingIsABadRequestNamingUrlStatusAndReason() {
    assertThatThrownBy(() -> telemetry.updateDynamicConfiguration("journalMaxGroupWaitMSec", "3"))
        .isInstanceOfSatisfying(
            AdminApiException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
              assertThat(e.statusCode()).hasValue(412);
              assertThat(e.url())
                  .isEqualTo(
                      broker.webServiceUrl()
                          + "/admin/v2/brokers/configuration/journalMaxGroupWaitMSec/3");
              assertThat(e.getMessage())
                  .contains("cannot set journalMaxGroupWaitMSec=3")
                  .contains("POST " + e.url())
                  .contains("answered HTTP 412")
                  .containsIgnoringCase("non-dynamic configuration");
            });
  }

  @Test
  void anUnreachableBrokerIsNamedAndTheTokenNeverShows() {
    String token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXN1YmplY3Q.s3cr3t-signature";
    // Port 1 on loopback refuses connections.
    PulsarAdminConfig config =
        PulsarAdminConfig.of("http://127.0.0.1:1")
            .withAuthToken(token)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    try (PulsarAdminTelemetry unreachable = new PulsarAdminTelemetry(config)) {
      assertThatThrownBy(unreachable::loadReport)
          .isInstanceOfSatisfying(
              AdminApiException.class,
              e -> {
                assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
                assertThat(e.statusCode()).isEmpty();
                assertThat(e.getMessage())
                    .contains("cannot read the load report")
                    .contains("GET http://127.0.0.1:1/admin/v2/broker-stats/load-report")
                    .contains("unreachable")
                    .doesNotContain(token);
              });
      assertThat(unreachable.toString()).doesNotContain(token);
    }
    assertThat(config.toString()).doesNotContain(token).contains("authToken=***");
  }

  @Test
  void aTokenIsAcceptedByABrokerWithoutAuthentication() throws Exception {
    try (PulsarAdminTelemetry withToken =
        new PulsarAdminTelemetry(
            PulsarAdminConfig.of(broker.webServiceUrl()).withAuthToken("not-checked-here"))) {
      assertThat(withToken.dynamicConfiguration().names()).contains("managedLedgerCacheSizeMB");
    }
  }

  @Test
  void badConfigAndNamesAreRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> PulsarAdminConfig.of("pulsar://127.0.0.1:6650"))
        .hasMessageContaining(
            "webServiceUrl=pulsar://127.0.0.1:6650 must be an http:// or https://");
    assertThatThrownBy(
            () ->
                PulsarAdminConfig.of("http://127.0.0.1:8080")
                    .withTlsTrustCertsFile(java.nio.file.Path.of("/no/such/ca.pem")))
        .hasMessageContaining("is not https");
    assertThatThrownBy(
            () ->
                PulsarAdminConfig.of("https://127.0.0.1:8443")
                    .withTlsTrustCertsFile(java.nio.file.Path.of("/no/such/ca.pem")))
        .hasMessageContaining("tlsTrustCertsFile=/no/such/ca.pem is not a readable file");
    assertThatThrownBy(() -> PulsarAdminConfig.of("http://127.0.0.1:8080").withAuthToken(" "))
        .hasMessageContaining("authToken is blank");
    assertThatThrownBy(() -> telemetry.updateDynamicConfiguration("a/b", "1"))
        .hasMessageContaining("setting name 'a/b' is not a broker.conf key");
  }

  private static DynamicConfiguration awaitApplied(DynamicConfiguration config) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!config.notApplied().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      config = telemetry.dynamicConfiguration();
    }
    return config;
  }
}
