package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.tuning.action.Action;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Pulsar admin API, reached through a fault-injecting proxy in front of the real fixture
 * broker, is unreachable (closed port), slow (beyond the client's timeout), answers 5xx or 4xx:
 * during observe, or during act on a dynamic broker setting. Expected outcomes:
 *
 * <ul>
 *   <li>during observe, any of them: hold. No decision, TelemetryHealthy False with the reason;
 *       once the API answers, the loop acts.
 *   <li>during act, unreachable, slow or 5xx: retry with backoff. The decision stays Planned and
 *       says why (a slow update may have reached the broker: the decision says the change is in
 *       flight), then it is applied and verified once the API answers.
 *   <li>during act, 4xx: the brokers refused the update; the decision is Rejected, the broker's
 *       value is unchanged.
 * </ul>
 *
 * After every pass the broker's real value (read around the proxy) is either the original one or
 * the target with a Planned, Applied or Verified decision for it.
 */
@ExtendWith(PulsarBrokerExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PulsarAdminFaultTest {
  static final String KNOB = "dispatcherMaxReadBatchSize";

  KubernetesClient client;

  enum Step {
    OBSERVE,
    ACT
  }

  enum Kind {
    UNREACHABLE,
    SLOW,
    SERVER_ERROR,
    CLIENT_ERROR
  }

  static Stream<Arguments> faults() {
    List<Arguments> all = new ArrayList<>();
    for (Step step : Step.values()) {
      for (Kind kind : Kind.values()) {
        for (int repetition = 1; repetition <= 2; repetition++) {
          all.add(Arguments.of(step, kind, repetition));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} during {0}, #{2}")
  @MethodSource("faults")
  void adminFaultsHoldOrRetryAndNeverLeaveAnUnrecordedChange(
      Step step, Kind kind, int repetition, StandaloneBroker broker) throws Exception {
    int target = 60 + 40 * kind.ordinal() + 10 * step.ordinal() + repetition;
    try (PulsarAdmin direct = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
        FaultyHttpProxy proxy = new FaultyHttpProxy(URI.create(broker.webServiceUrl()));
        PulsarAdmin viaProxy =
            PulsarAdmin.builder()
                .serviceHttpUrl(proxy.uri().toString())
                .connectionTimeout(1, TimeUnit.SECONDS)
                .readTimeout(1, TimeUnit.SECONDS)
                .requestTimeout(2, TimeUnit.SECONDS)
                .build();
        FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      Optional<String> original =
          Optional.ofNullable(direct.brokers().getAllDynamicConfigurations().get(KNOB));
      boolean[] closeOnDecide = {step == Step.ACT && kind == Kind.UNREACHABLE};
      ScriptedDecisionMaker maker =
          new ScriptedDecisionMaker(
              r -> {
                if (closeOnDecide[0]) {
                  // Observed fine; the port closes before the operator acts.
                  proxy.close();
                  closeOnDecide[0] = false;
                }
                double current =
                    r.snapshot().settings().value(KNOB).map(Double::parseDouble).orElse(100.0);
                return current == target
                    ? Action.noOp()
                    : Action.ChangeSetting.of(KNOB, current, target);
              });
      Predicate<String> which = step == Step.ACT ? r -> r.startsWith("POST ") : r -> true;
      switch (kind) {
        case UNREACHABLE -> {
          if (step == Step.OBSERVE) {
            proxy.close();
          }
        }
        case SLOW -> proxy.inject(which, new FaultyHttpProxy.Fault.Slow(Duration.ofMillis(2500)));
        case SERVER_ERROR -> proxy.inject(which, new FaultyHttpProxy.Fault.Status(503));
        case CLIENT_ERROR ->
            proxy.inject(which, new FaultyHttpProxy.Fault.Status(step == Step.ACT ? 412 : 401));
      }
      // Passes a second apart, as JOSDK runs them no sooner than the loop asks (the backoff here
      // is at most 400 ms): a pass before the next attempt is due would only wait.
      ManualClock clock = new ManualClock(Instant.now());
      OperatorProcess p =
          c.start(OperatorParts.of(maker, clock).withDynamic(new PulsarAdminActuator(viaProxy)));
      List<String> trail = new ArrayList<>();

      // Two passes under the fault.
      List<String> afterFirst = new ArrayList<>();
      for (int pass = 0; pass < 2; pass++) {
        clock.advance(Duration.ofSeconds(1));
        p.pass();
        assertRecorded(c, direct, original, target, trail);
        if (pass == 0) {
          c.decisionsIn(Phase.Planned).forEach(d -> afterFirst.add(d.getStatus().message));
        }
      }
      if (step == Step.OBSERVE) {
        assertThat(c.decisions()).isEmpty();
        assertThat(c.condition("TelemetryHealthy"))
            .hasValueSatisfying(
                cond -> {
                  assertThat(cond.getStatus()).isEqualTo("False");
                  assertThat(cond.getReason()).isEqualTo("NoTelemetry");
                  assertThat(cond.getMessage())
                      .contains("could not read the brokers' dynamic configuration");
                });
      } else if (kind == Kind.CLIENT_ERROR) {
        List<TuningDecision> rejected = c.decisionsIn(Phase.Rejected);
        assertThat(rejected).isNotEmpty();
        assertThat(rejected.get(0).getStatus().message).contains("Pulsar admin API");
        assertThat(c.decisionsIn(Phase.Planned, Phase.Applied, Phase.Verified)).isEmpty();
        assertThat(direct.brokers().getAllDynamicConfigurations().get(KNOB))
            .isEqualTo(original.orElse(null));
        return;
      } else {
        assertThat(afterFirst).as("%s", trail).hasSize(1);
        assertThat(afterFirst.get(0)).contains("retrying").contains("Pulsar admin");
        assertThat(c.decisionsIn(Phase.Rejected)).isEmpty();
        if (kind == Kind.SLOW) {
          // The slow update reached the broker; the retry finds it done, with no second update.
          assertThat(c.decisionsIn(Phase.Applied))
              .singleElement()
              .satisfies(d -> assertThat(d.getStatus().message).contains("is already " + target));
        } else {
          assertThat(c.decisionsIn(Phase.Planned)).hasSize(1);
          assertThat(c.condition("Degraded"))
              .hasValueSatisfying(cond -> assertThat(cond.getReason()).isEqualTo("ApplyRetrying"));
        }
      }

      proxy.heal();
      proxy.reopen();
      for (int pass = 0; pass < 6 && c.decisionsIn(Phase.Verified).isEmpty(); pass++) {
        clock.advance(Duration.ofSeconds(1));
        p.pass();
        assertRecorded(c, direct, original, target, trail);
      }
      assertThat(c.decisionsIn(Phase.Verified)).as("%s", trail).hasSize(1);
      assertThat(c.decisionsIn(Phase.Rejected)).isEmpty();
      assertThat(direct.brokers().getAllDynamicConfigurations())
          .containsEntry(KNOB, Integer.toString(target));
    }
  }

  /**
   * The broker holds the original value, or the target with a decision for it that is in flight or
   * verified: never a change nobody recorded.
   */
  private void assertRecorded(
      FaultCluster c, PulsarAdmin direct, Optional<String> original, int target, List<String> trail)
      throws Exception {
    String actual = direct.brokers().getAllDynamicConfigurations().get(KNOB);
    trail.add(KNOB + "=" + actual);
    if (original.isPresent() && original.get().equals(actual)
        || original.isEmpty() && actual == null) {
      return;
    }
    assertThat(actual).as("%s", trail).isEqualTo(Integer.toString(target));
    assertThat(c.decisionsIn(Phase.Planned, Phase.Applied, Phase.Verified))
        .as("the broker changed, so a decision says so; %s", trail)
        .anyMatch(d -> KNOB.equals(d.getSpec().action.knob));
  }
}
