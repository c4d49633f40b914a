package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes API answers 409 Conflict or 500 to the operator's writes during a rolling journal
 * change, 1 to 3 times in a row, at different points of the roll (the mock server's expectations
 * are served before its CRUD store). Expected: retry with backoff. A failed actuator write (the
 * ConfigMap or StatefulSet patch) keeps the decision in flight with a message and a Degraded
 * condition, and the loop asks to be called back after a doubling delay; a failed record write
 * (decision, its status, the BrokerCluster status) fails the reconcile, which JOSDK retries with
 * backoff. Either way the roll then converges with every bookie restarted once, and is never
 * half-done without a Planned or Applied decision saying so.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesApiFaultTest {
  static final String BASE = "/apis/tuneloop.io/v1alpha1/namespaces/pulsar/";
  static final String STS = "/apis/apps/v1/namespaces/pulsar/statefulsets/pulsar-bookie";
  static final String CONFIG_MAP = "/api/v1/namespaces/pulsar/configmaps/pulsar-bookie";
  static final String DECISIONS = BASE + "tuningdecisions";
  static final String CLUSTER_STATUS = BASE + "brokerclusters/c1/status";

  KubernetesMockServer server;
  KubernetesClient client;

  /**
   * Each failing write: 409 (which the Fabric8 client never retries) and 500 with the client's own
   * retries off, failing once or three times in a row, so the operator meets them; and 500 three
   * times with the client's default retries, which absorb it.
   */
  static Stream<Arguments> faults() {
    List<Arguments> all = new ArrayList<>();
    for (String target :
        List.of(
            "StatefulSet patch",
            "ConfigMap patch",
            "TuningDecision create",
            "TuningDecision status",
            "BrokerCluster status")) {
      for (int code : List.of(409, 500)) {
        for (int times : List.of(1, 3)) {
          all.add(Arguments.of(target, code, times, false));
        }
      }
      all.add(Arguments.of(target, 500, 3, true));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} answers {1}, {2} time(s), client retries {3}")
  @MethodSource("faults")
  void operatorRetriesWithBackoffAndTheRollConverges(
      String target, int code, int times, boolean clientRetries) {
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      if (!clientRetries) {
        c.withoutClientRetries();
      }
      // With its own retries the client absorbs the faults: the operator never sees them.
      int seen = clientRetries ? 0 : times;
      // Passes a second apart, as JOSDK runs them no sooner than the loop asks (the backoff here
      // is at most 800 ms): a pass before the next attempt is due would only wait.
      ManualClock clock = new ManualClock(Instant.now());
      OperatorProcess p = c.start(OperatorParts.of(OperatorKillFaultTest.journalTo7(), clock));
      List<String> trail = new ArrayList<>();
      boolean injected = false;
      int failures = 0;
      List<Duration> retryDelays = new ArrayList<>();
      for (int pass = 0; pass < 60 && c.decisionsIn(Phase.Verified).isEmpty(); pass++) {
        if (!injected && readyToInject(c, target, times)) {
          inject(target, code, times, c);
          injected = true;
        }
        try {
          UpdateControl<BrokerCluster> control = p.pass();
          List<TuningDecision> inFlight = c.decisionsIn(Phase.Planned);
          if (injected && failures < seen && isActuatorWrite(target) && !inFlight.isEmpty()) {
            TuningDecision d = inFlight.get(0);
            if (d.getStatus().message.contains("retrying")) {
              failures++;
              retryDelays.add(Duration.ofMillis(control.getScheduleDelay().orElseThrow()));
              assertThat(d.getStatus().message).contains("status " + code);
              assertThat(c.condition("Degraded"))
                  .hasValueSatisfying(
                      cond -> {
                        assertThat(cond.getStatus()).isEqualTo("True");
                        assertThat(cond.getReason()).isEqualTo("ApplyRetrying");
                      });
            }
          }
        } catch (KubernetesClientException e) {
          assertThat(isActuatorWrite(target)).as("only record writes fail the reconcile").isFalse();
          assertThat(e.getCode()).isEqualTo(code);
          if (!target.equals("BrokerCluster status")) {
            // The loop's write failed; the status (whose endpoint works) says why meanwhile.
            assertThat(c.condition("Degraded"))
                .hasValueSatisfying(
                    cond -> {
                      assertThat(cond.getReason()).isEqualTo("KubernetesApiError");
                      assertThat(cond.getMessage()).contains("status " + code);
                    });
          }
          failures++;
          trail.add("reconcile failed: " + e.getCode());
        }
        OperatorKillFaultTest.assertNotHalfChangedWithoutADecision(c, trail);
        c.controller.step();
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(injected).isTrue();
      assertThat(failures).as("the injected failures were met; %s", trail).isEqualTo(seen);
      if (isActuatorWrite(target)) {
        // 200 ms progress poll, doubled per consecutive failure.
        assertThat(retryDelays)
            .containsExactlyElementsOf(
                Stream.iterate(Duration.ofMillis(200), d -> d.multipliedBy(2))
                    .limit(seen)
                    .toList());
      }
      for (int i = 0; i < 2; i++) {
        p.pass();
        c.controller.step();
      }
      OperatorKillFaultTest.assertRolledExactlyOnce(c, trail);
      assertThat(c.condition("Degraded"))
          .hasValueSatisfying(cond -> assertThat(cond.getStatus()).isEqualTo("False"));
      assertThat(c.decisionsIn(Phase.Rejected)).isEmpty();
    }
  }

  /** A record write (decision status) can only be aimed at once the decision exists. */
  private static boolean readyToInject(FaultCluster c, String target, int times) {
    return switch (target) {
      case "TuningDecision status" -> !c.decisionsIn(Phase.Planned).isEmpty();
      // Later partition steps: after 0, 1 or 2 pods restarted.
      case "StatefulSet patch" -> c.controller.restarts().size() >= times - 1;
      default -> true;
    };
  }

  private static boolean isActuatorWrite(String target) {
    return target.equals("StatefulSet patch") || target.equals("ConfigMap patch");
  }

  private void inject(String target, int code, int times, FaultCluster c) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(code == 409 ? "Conflict" : "InternalError")
            .withMessage("injected fault: " + code + " on " + target)
            .build();
    switch (target) {
      case "StatefulSet patch" ->
          server.expect().patch().withPath(STS).andReturn(code, status).times(times);
      case "ConfigMap patch" ->
          server.expect().patch().withPath(CONFIG_MAP).andReturn(code, status).times(times);
      case "TuningDecision create" ->
          server.expect().post().withPath(DECISIONS).andReturn(code, status).times(times);
      case "TuningDecision status" ->
          server
              .expect()
              .patch()
              .withPath(
                  DECISIONS
                      + "/"
                      + c.decisionsIn(Phase.Planned).get(0).getMetadata().getName()
                      + "/status")
              .andReturn(code, status)
              .times(times);
      case "BrokerCluster status" ->
          server.expect().patch().withPath(CLUSTER_STATUS).andReturn(code, status).times(times);
      default -> throw new IllegalArgumentException("unknown target " + target);
    }
  }
}
