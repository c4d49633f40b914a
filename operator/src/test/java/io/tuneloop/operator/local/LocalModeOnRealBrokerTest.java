package io.tuneloop.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.cli.LearnerOutcomeSink;
import io.tuneloop.operator.cli.OperatorCommand;
import io.tuneloop.operator.cli.OperatorCommandTest;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.store.ShippedBaseline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dynamic-config actuator and the {@code --local} loop against the real fixture broker. */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalModeOnRealBrokerTest {

  @Test
  void dynamicSettingIsAppliedReadBackAndIdempotent(StandaloneBroker broker) throws Exception {
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build()) {
      PulsarAdminActuator actuator = new PulsarAdminActuator(admin);
      PulsarAdminActuator.Result first = actuator.set("dispatcherMaxRoundRobinBatchSize", "37");
      assertThat(first.changed()).isTrue();
      assertThat(admin.brokers().getAllDynamicConfigurations())
          .containsEntry("dispatcherMaxRoundRobinBatchSize", "37");
      PulsarAdminActuator.Result again = actuator.set("dispatcherMaxRoundRobinBatchSize", "37");
      assertThat(again.changed()).isFalse();
      assertThat(again.detail()).isEqualTo("dispatcherMaxRoundRobinBatchSize is already 37");
      assertThatThrownBy(() -> actuator.set("journalMaxGroupWaitMSec", "3"))
          .isInstanceOf(PulsarAdminException.class)
          .hasMessageContaining("journalMaxGroupWaitMSec is not a dynamic broker setting");
    }
  }

  @Test
  void realBookieReportsNoUnderReplicatedLedgers(StandaloneBroker broker) {
    BookieHttpAdmin bookie =
        new BookieHttpAdmin(() -> URI.create(broker.bookieHttpUrl()), Duration.ofSeconds(10));
    assertThat(bookie.underReplicatedLedgers()).hasValue(0);
  }

  @Test
  void localLoopAppliesADynamicSettingAndRecordsDecisionsAsFiles(
      StandaloneBroker broker, @TempDir Path dir) throws Exception {
    BrokerClusterSpec spec = ClusterSpecs.valid(broker.webServiceUrl());
    spec.mode = BrokerClusterSpec.Mode.Auto;
    spec.bounds.knobs.add(
        new BrokerClusterSpec.KnobBound(
            "managedLedgerCacheEvictionTimeThresholdMillis", 100, 5000));
    // An idle broker reports few latency readings; completeness is not what this test is about.
    spec.guardrails.minTelemetryCompleteness = 0.05;
    spec.guardrails.settleWindowSeconds = 1;
    ClusterPlan plan =
        new SpecValidator((ns, n, k) -> Optional.empty())
            .validate("local", "fixture", spec)
            .plan()
            .orElseThrow();
    AtomicInteger calls = new AtomicInteger();
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                switch (calls.getAndIncrement()) {
                  case 0 ->
                      Action.ChangeSetting.of(
                          "managedLedgerCacheEvictionTimeThresholdMillis", 1000, 2500);
                  case 1 -> new Action.ScaleBrokers(1, 2);
                  default -> Action.noOp();
                });
    DirectoryDecisionJournal journal = new DirectoryDecisionJournal(dir);
    TuningLoop loop =
        new TuningLoop(
            maker,
            journal,
            new OperatorMetrics(new PrometheusRegistry()),
            Clock.systemUTC(),
            Duration.ofMillis(100),
            new LearnerOutcomeSink(
                dir.resolve("models"),
                ShippedBaseline.load(FeatureSchema.v1()),
                Clock.systemUTC()));
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    String finalValue;
    // Real load, so the broker reports publish latency and the change can be verified.
    LoadSpec load =
        LoadSpec.builder(200)
            .sizes(MessageSizes.fixed(1024))
            .topics(1)
            .producers(1)
            .consumers(1)
            .duration(Duration.ofSeconds(40))
            .topicPrefix("persistent://public/default/operator-local-" + UUID.randomUUID() + "-")
            .build();
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
        LoadGenerator generator = new LoadGenerator(broker.serviceUrl(), load)) {
      generator.start();
      LocalPulsarEnvironment env =
          new LocalPulsarEnvironment(
              LocalTelemetry.scrape(
                  "fixture",
                  List.of(URI.create(broker.brokerMetricsUrl())),
                  List.of(URI.create(broker.bookieMetricsUrl())),
                  Duration.ofSeconds(2)),
              new PulsarAdminActuator(admin),
              plan.guardrails().settleWindow(),
              Clock.systemUTC());
      PrintStream out = new PrintStream(events, true);
      for (int i = 0; i < 20 && calls.get() < 3; i++) {
        LoopResult r = loop.run(plan, env, new LoggingEventSink("fixture", out), d -> {});
        Thread.sleep(Math.min(r.requeueAfter().toMillis(), 1500));
      }
      finalValue =
          admin
              .brokers()
              .getAllDynamicConfigurations()
              .get("managedLedgerCacheEvictionTimeThresholdMillis");
    }
    List<TuningDecision> decisions = journal.list("local", "fixture");
    assertThat(decisions).hasSize(2);
    TuningDecision dynamic = decisions.get(0);
    assertThat(dynamic.getSpec().action.knob)
        .isEqualTo("managedLedgerCacheEvictionTimeThresholdMillis");
    assertThat(dynamic.getStatus().appliedAt).isNotNull();
    // Verified or rolled back depends on the measured p99 on this busy machine; both must have
    // left the broker in the matching state, with the observed outcome recorded.
    assertThat(dynamic.getStatus().phase)
        .as(dynamic.getStatus().message)
        .isIn(Phase.Verified, Phase.RolledBack);
    assertThat(dynamic.getStatus().outcome.p99PublishLatencyMs).isPositive();
    assertThat(finalValue).isEqualTo(dynamic.getStatus().phase == Phase.Verified ? "2500" : "1000");
    TuningDecision rolling = decisions.get(1);
    assertThat(rolling.getStatus().phase).isEqualTo(Phase.Rejected);
    assertThat(rolling.getStatus().message).contains("needs Kubernetes");
    assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).count()).isEqualTo(2);
    // The learn step recorded the verified (or rolled-back) outcome in the replay buffer.
    List<String> replay = Files.readAllLines(dir.resolve("models").resolve("fixture-replay.jsonl"));
    assertThat(replay.get(0)).startsWith("# tuneloop-replay/");
    assertThat(replay.subList(1, replay.size()))
        .singleElement()
        .asString()
        .contains("managedLedgerCacheEvictionTimeThresholdMillis");
    assertThat(events.toString()).contains("DecisionApplied").contains("DecisionFailed");
  }

  @Test
  void operatorCommandRunsTheRealPlannerLocallyAndExits(StandaloneBroker broker, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("fixture.yaml");
    // Local mode never proposes scaling (replicas are fixed), so the planner picks a setting:
    // a short settle window lets --once end after verifying it.
    Files.writeString(
        file,
        OperatorCommandTest.VALID
            .replace("http://127.0.0.1:8080", broker.webServiceUrl())
            .replace(
                "mode: Auto",
                "mode: Auto\n  guardrails: {settleWindowSeconds: 5, cooldownSeconds: 0}"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new OperatorCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code =
        cl.execute(
            "--local",
            file.toString(),
            "--broker-metrics",
            broker.brokerMetricsUrl(),
            "--bookie-metrics",
            broker.bookieMetricsUrl(),
            "--decisions-dir",
            dir.resolve("decisions").toString(),
            "--model-dir",
            dir.resolve("models").toString(),
            "--metrics-port",
            "0",
            "--once",
            "--max-passes",
            "3",
            "--progress-poll-seconds",
            "1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("model: ")
        .contains("local mode: replicas stay at 1 broker(s) and 1 bookie(s)")
        .contains("pass 1: ");
    assertThat(Files.isDirectory(dir.resolve("decisions"))).isTrue();
  }
}
