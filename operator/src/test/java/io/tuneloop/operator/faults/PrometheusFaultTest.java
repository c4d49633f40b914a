package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.telemetry.PodScrapeTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's telemetry comes from a Prometheus server that is down (closed port), or answers
 * NaN, stale, partial series or only down targets. Expected: hold. Over several passes in Auto mode
 * nothing is changed on the cluster, no decision is planned or applied, and the BrokerCluster's
 * TelemetryHealthy condition is False with the reason. When Prometheus answers well again, the same
 * operator process acts on its next pass.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PrometheusFaultTest {
  KubernetesClient client;

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("down", null, "NoTelemetry", "cannot list nodes"),
        Arguments.of("NaN", PrometheusStandIn.Fault.NAN, "TelemetryIncomplete", "is NaN"),
        Arguments.of("stale", PrometheusStandIn.Fault.STALE, "NoTelemetry", "last scraped"),
        Arguments.of("partial", PrometheusStandIn.Fault.PARTIAL, "TelemetryIncomplete", "series"),
        Arguments.of(
            "targets down", PrometheusStandIn.Fault.DOWN_TARGETS, "NoTelemetry", "is down"));
  }

  /**
   * Prometheus stops answering after a change is applied and before it is verified. Expected: hold.
   * The decision stays Applied (no verdict, no rollback on missing data) and says it waits for
   * telemetry; once Prometheus answers, it is verified.
   */
  @Test
  void verificationWaitsWhilePrometheusIsDown() throws Exception {
    try (PrometheusStandIn prometheus = new PrometheusStandIn(Clock.systemUTC())) {
      BrokerClusterSpec spec = FaultCluster.autoSpec();
      spec.telemetry.prometheusUrl = prometheus.uri().toString();
      try (FaultCluster c = new FaultCluster(client, spec)) {
        OperatorProcess p =
            c.start(
                OperatorParts.of(OperatorKillFaultTest.journalTo7())
                    .withTelemetry(
                        plan -> PodScrapeTelemetry.forPlan(client, plan, Clock.systemUTC())));
        for (int pass = 0; pass < 40 && c.decisionsIn(Phase.Applied).isEmpty(); pass++) {
          p.pass();
          c.controller.step();
        }
        assertThat(c.decisionsIn(Phase.Applied)).hasSize(1);
        prometheus.fault(PrometheusStandIn.Fault.DOWN_TARGETS);
        for (int pass = 0; pass < 3; pass++) {
          p.pass();
          c.controller.step();
        }
        assertThat(c.decisionsIn(Phase.Applied)).hasSize(1);
        assertThat(c.decisionsIn(Phase.Verified, Phase.RolledBack)).isEmpty();
        assertThat(c.cluster().getStatus().conditions)
            .anyMatch(cond -> cond.getMessage().contains("verification waits for telemetry"));
        assertThat(c.controller.restarts()).hasSize(3);

        prometheus.fault(PrometheusStandIn.Fault.NONE);
        p.pass();
        assertThat(c.decisionsIn(Phase.Verified)).hasSize(1);
        OperatorKillFaultTest.assertRolledExactlyOnce(c, List.of());
      }
    }
  }

  @ParameterizedTest(name = "Prometheus {0}")
  @MethodSource("faults")
  void operatorHoldsOnUntrustworthyTelemetry(
      String name, PrometheusStandIn.Fault fault, String reason, String says) throws Exception {
    try (PrometheusStandIn prometheus = new PrometheusStandIn(Clock.systemUTC())) {
      BrokerClusterSpec spec = FaultCluster.autoSpec();
      // A closed port: a server that was there and is gone.
      spec.telemetry.prometheusUrl =
          fault == null ? "http://127.0.0.1:1" : prometheus.uri().toString();
      try (FaultCluster c = new FaultCluster(client, spec)) {
        if (fault != null) {
          prometheus.fault(fault);
        }
        OperatorProcess p =
            c.start(
                OperatorParts.of(OperatorKillFaultTest.journalTo7())
                    .withTelemetry(
                        plan -> PodScrapeTelemetry.forPlan(client, plan, Clock.systemUTC())));
        for (int pass = 0; pass < 3; pass++) {
          p.pass();
          c.controller.step();
        }
        assertThat(c.decisionsIn(Phase.Planned, Phase.Applied, Phase.Verified)).isEmpty();
        assertThat(c.configMap(HelmChartCluster.BOOKIE))
            .containsEntry("journalMaxGroupWaitMSec", "1");
        assertThat(c.controller.restarts()).isEmpty();
        assertThat(c.condition("TelemetryHealthy"))
            .hasValueSatisfying(
                cond -> {
                  assertThat(cond.getStatus()).isEqualTo("False");
                  assertThat(cond.getReason()).isEqualTo(reason);
                  assertThat(cond.getMessage()).contains(says);
                });
        if (fault != null) {
          prometheus.fault(PrometheusStandIn.Fault.NONE);
          p.pass();
          assertThat(c.decisionsIn(Phase.Planned, Phase.Applied))
              .as(
                  "acts once telemetry is healthy: %s",
                  c.decisions().stream().map(d -> d.getStatus().message).toList())
              .hasSize(1);
          assertThat(c.condition("TelemetryHealthy"))
              .hasValueSatisfying(cond -> assertThat(cond.getStatus()).isEqualTo("True"));
        }
      }
    }
  }
}
