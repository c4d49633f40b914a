package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.local.LocalPulsarEnvironment;
import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.tuning.action.Action;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code --local} mode classifies a failed dynamic-setting update as the Kubernetes path does
 * ({@link PulsarAdminFaultTest}): the Pulsar admin API behind the fault proxy in front of the real
 * fixture broker is unreachable, slow or answers 5xx while the loop acts: the decision stays
 * Planned, says it is retrying and why, and is applied and verified once the API answers. A 4xx
 * ends it Rejected with the admin's message, and the broker's value is unchanged.
 */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalPulsarAdminFaultTest {
  private static final String KNOB = "dispatcherMaxReadBatchSize";

  enum Kind {
    UNREACHABLE,
    SLOW,
    SERVER_ERROR,
    CLIENT_ERROR
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFailedUpdateIsRetriedOrRejectedAsOnKubernetes(
      Kind kind, StandaloneBroker broker, @TempDir Path dir) throws Exception {
    int target = 230 + 10 * kind.ordinal();
    try (PulsarAdmin direct = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
        FaultyHttpProxy proxy = new FaultyHttpProxy(URI.create(broker.webServiceUrl()));
        PulsarAdmin viaProxy =
            PulsarAdmin.builder()
                .serviceHttpUrl(proxy.uri().toString())
                .connectionTimeout(1, TimeUnit.SECONDS)
                .readTimeout(1, TimeUnit.SECONDS)
                .requestTimeout(2, TimeUnit.SECONDS)
                .build()) {
      String original = direct.brokers().getAllDynamicConfigurations().get(KNOB);
      boolean[] closeOnDecide = {kind == Kind.UNREACHABLE};
      ScriptedDecisionMaker maker =
          new ScriptedDecisionMaker(
              r -> {
                if (closeOnDecide[0]) {
                  // Observed fine; the port closes before the loop acts.
                  proxy.close();
                  closeOnDecide[0] = false;
                }
                double current =
                    r.snapshot().settings().value(KNOB).map(Double::parseDouble).orElse(100.0);
                return current == target
                    ? Action.noOp()
                    : Action.ChangeSetting.of(KNOB, current, target);
              });
      switch (kind) {
        case UNREACHABLE -> {}
        case SLOW ->
            proxy.inject(
                r -> r.startsWith("POST "),
                new FaultyHttpProxy.Fault.Slow(Duration.ofMillis(2500)));
        case SERVER_ERROR ->
            proxy.inject(r -> r.startsWith("POST "), new FaultyHttpProxy.Fault.Status(503));
        case CLIENT_ERROR ->
            proxy.inject(r -> r.startsWith("POST "), new FaultyHttpProxy.Fault.Status(412));
      }
      BrokerClusterSpec spec = ClusterSpecs.valid(proxy.uri().toString());
      spec.mode = BrokerClusterSpec.Mode.Auto;
      ClusterPlan plan =
          new SpecValidator((ns, n, k) -> Optional.empty())
              .validate("local", "fixture", spec)
              .plan()
              .orElseThrow();
      DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir);
      TuningLoop loop =
          new TuningLoop(
              maker,
              journal,
              new OperatorMetrics(new PrometheusRegistry()),
              Clock.systemUTC(),
              Duration.ofMillis(100));
      LocalPulsarEnvironment env =
          new LocalPulsarEnvironment(
              new ScriptedTelemetry(Clock.systemUTC()),
              new PulsarAdminActuator(viaProxy),
              Duration.ZERO,
              Clock.systemUTC());
      List<String> events = new ArrayList<>();

      LoopResult first =
          loop.run(plan, env, (w, reason, m) -> events.add(reason + ": " + m), d -> {});
      List<TuningDecision> decisions = journal.list("local", "fixture");
      assertThat(decisions).singleElement();
      TuningDecision d = decisions.get(0);
      if (kind == Kind.CLIENT_ERROR) {
        assertThat(d.getStatus().phase).isEqualTo(Phase.Rejected);
        assertThat(d.getStatus().message).contains("Pulsar admin API").contains("injected 412");
        assertThat(direct.brokers().getAllDynamicConfigurations().get(KNOB)).isEqualTo(original);
        return;
      }
      // Still in flight, never failed; a slow update may already have reached the broker.
      assertThat(d.getStatus().phase).isEqualTo(Phase.Planned);
      if (kind != Kind.SLOW) {
        assertThat(direct.brokers().getAllDynamicConfigurations().get(KNOB)).isEqualTo(original);
      }
      assertThat(d.getStatus().message).contains("retrying").contains("Pulsar admin API (status");
      assertThat(first.degraded())
          .hasValueSatisfying(g -> assertThat(g.reason()).isEqualTo("ApplyRetrying"));
      assertThat(first.requeueAfter()).isPositive();
      assertThat(events).anyMatch(e -> e.startsWith("ApplyRetrying"));

      proxy.heal();
      proxy.reopen();
      for (int pass = 0; pass < 8 && !verified(journal); pass++) {
        LoopResult r =
            loop.run(plan, env, (w, reason, m) -> events.add(reason + ": " + m), x -> {});
        Thread.sleep(Math.min(r.requeueAfter().toMillis(), 500));
      }
      assertThat(journal.list("local", "fixture"))
          .as("%s", events)
          .singleElement()
          .satisfies(x -> assertThat(x.getStatus().phase).isEqualTo(Phase.Verified));
      assertThat(direct.brokers().getAllDynamicConfigurations())
          .containsEntry(KNOB, Integer.toString(target));
    }
  }

  private static boolean verified(DirectoryDecisionJournal journal) {
    return journal.list("local", "fixture").stream()
        .anyMatch(d -> d.getStatus() != null && d.getStatus().phase == Phase.Verified);
  }
}
