package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A bookie never becomes ready after its restart during a rolling journal change, for longer than
 * the cluster's progress deadline (the default, 900 s, on a clock the test moves). Expected: the
 * decision becomes Stalled and says which pod it waited for and since when; the BrokerCluster is
 * Progressing=False/ProgressDeadlineExceeded; one Warning Event and one count in the metric; no
 * further pod is restarted and no other change starts while the pod is unready. Once it is ready,
 * the decision ends Abandoned, Progressing is True again and the loop decides and acts again. The
 * deadline's clock and the retry backoff are read from the decision's status, so a restarted
 * operator keeps both.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ProgressDeadlineFaultTest {
  static final String KNOB = OperatorKillFaultTest.KNOB;
  static final String STUCK = "pulsar-bookie-1";
  static final Duration DEADLINE = Duration.ofSeconds(900);

  KubernetesMockServer server;
  KubernetesClient client;

  /** journalMaxGroupWaitMSec to 7 until the ConfigMap has it, then brokers 2 -> 3. */
  static ScriptedDecisionMaker journalThenBrokers() {
    return new ScriptedDecisionMaker(
        r -> {
          if (!r.snapshot().settings().value(KNOB).map("7"::equals).orElse(false)) {
            return Action.ChangeSetting.of(KNOB, 1, 7);
          }
          return r.snapshot().settings().brokers() == 2
              ? new Action.ScaleBrokers(2, 3)
              : Action.noOp();
        });
  }

  @Test
  void aStalledRollTouchesNoFurtherPodAndTheClusterResumesOnceThePodsAreReady() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    ScriptedDecisionMaker maker = journalThenBrokers();
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.controller.holdUnready(STUCK);
      OperatorProcess p = c.start(OperatorParts.of(maker, clock));
      Instant since = rollUntilHeld(c, p, clock);

      // At the deadline, not past it: still Planned.
      clock.advance(Duration.between(clock.instant(), since.plus(DEADLINE)));
      p.pass();
      c.controller.step();
      assertThat(c.decisionsIn(Phase.Planned)).hasSize(1);

      clock.advance(Duration.ofSeconds(1));
      p.pass();
      TuningDecision stalled = single(c, Phase.Stalled);
      TuningDecisionStatus st = stalled.getStatus();
      assertThat(st.waitingForPod).isEqualTo(STUCK);
      assertThat(st.lastProgressAt).isEqualTo(since.toString());
      assertThat(st.stalledAt).isEqualTo(clock.instant().toString());
      assertThat(st.message)
          .contains("progress deadline (900s) exceeded")
          .contains("waiting for " + STUCK + " to become ready")
          .contains("no progress since " + since);
      assertProgressing(c, "False", "ProgressDeadlineExceeded", STUCK, since.toString());
      assertThat(c.condition("Degraded"))
          .hasValueSatisfying(
              cond -> assertThat(cond.getReason()).isEqualTo("ProgressDeadlineExceeded"));
      assertThat(c.cluster().getStatus().lastDecision.phase).isEqualTo("Stalled");
      assertThat(counter(p, "tuneloop_progress_deadline_exceeded")).isEqualTo(1.0);

      // Held for an hour more: nothing restarted, the partition where it was, nothing decided.
      int partition = partition(c);
      int asked = maker.calls();
      for (int pass = 0; pass < 60; pass++) {
        clock.advance(Duration.ofMinutes(1));
        p.pass();
        c.controller.step();
      }
      assertThat(c.controller.restarts()).containsExactly("pulsar-bookie-2", STUCK);
      assertThat(partition(c)).isEqualTo(partition);
      assertThat(maker.calls()).isEqualTo(asked);
      assertThat(c.decisions()).hasSize(1);
      assertThat(single(c, Phase.Stalled).getStatus().stalledAt).isEqualTo(st.stalledAt);
      assertThat(events(c, "ProgressDeadlineExceeded"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).contains(STUCK).contains(since.toString());
              });
      assertThat(counter(p, "tuneloop_progress_deadline_exceeded")).isEqualTo(1.0);

      // The pod comes up (a person fixed it): the decision ends Abandoned, not resumed.
      c.controller.release(STUCK);
      c.controller.step();
      clock.advance(Duration.ofSeconds(10));
      p.pass();
      TuningDecision abandoned = single(c, Phase.Abandoned);
      assertThat(abandoned.getStatus().message).contains("pods ready again").contains(STUCK);
      assertThat(abandoned.getStatus().finishedAt).isEqualTo(clock.instant().toString());
      assertProgressing(c, "True", "NoChangeInFlight");
      assertThat(events(c, "ProgressResumed")).hasSize(1);
      assertThat(c.controller.restarts()).containsExactly("pulsar-bookie-2", STUCK);

      // The loop decides and acts again.
      for (int pass = 0; pass < 10 && c.decisionsIn(Phase.Verified).isEmpty(); pass++) {
        clock.advance(Duration.ofSeconds(10));
        p.pass();
        c.controller.step();
      }
      assertThat(c.decisionsIn(Phase.Verified))
          .singleElement()
          .satisfies(d -> assertThat(d.getSpec().action.kind).isEqualTo("scale-brokers"));
      assertThat(c.statefulSet(HelmChartCluster.BROKER).getSpec().getReplicas()).isEqualTo(3);
      assertProgressing(c, "True", "NoChangeInFlight");
      assertThat(c.controller.restarts()).containsExactly("pulsar-bookie-2", STUCK);
    }
  }

  @Test
  void aScaleUpWhoseNewPodNeverBecomesReadyStalls() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                r.snapshot().settings().brokers() == 2
                    ? new Action.ScaleBrokers(2, 3)
                    : Action.noOp());
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.controller.holdUnready("pulsar-broker-2");
      OperatorProcess p = c.start(OperatorParts.of(maker, clock));
      for (int pass = 0; pass < 5; pass++) {
        p.pass();
        c.controller.step();
        clock.advance(Duration.ofSeconds(1));
      }
      TuningDecisionStatus st = single(c, Phase.Planned).getStatus();
      assertThat(st.waitingForPod).isEqualTo("pulsar-broker-2");
      Instant since = Instant.parse(st.lastProgressAt);

      clock.advance(Duration.between(clock.instant(), since.plus(DEADLINE).plusSeconds(1)));
      p.pass();
      assertThat(single(c, Phase.Stalled).getStatus().message)
          .contains("waiting for pulsar-broker-2 to become ready")
          .contains("no progress since " + since);
      assertProgressing(c, "False", "ProgressDeadlineExceeded", "pulsar-broker-2");
      int asked = maker.calls();
      for (int pass = 0; pass < 10; pass++) {
        clock.advance(Duration.ofMinutes(1));
        p.pass();
        c.controller.step();
      }
      assertThat(maker.calls()).isEqualTo(asked);
      assertThat(c.statefulSet(HelmChartCluster.BROKER).getSpec().getReplicas()).isEqualTo(3);
      assertThat(single(c, Phase.Stalled).getStatus().waitingForPod).isEqualTo("pulsar-broker-2");

      // The pod was only late: the target is reached, so the scale is verified, not abandoned.
      c.controller.release("pulsar-broker-2");
      c.controller.step();
      clock.advance(Duration.ofSeconds(5));
      p.pass();
      TuningDecisionStatus resumed = single(c, Phase.Applied).getStatus();
      assertThat(resumed.message)
          .contains("target reached at " + clock.instant())
          .contains("3 ready of 3 replicas")
          .contains("waiting for pulsar-broker-2")
          .contains("verifying after the settle window");
      assertThat(resumed.appliedAt).isEqualTo(clock.instant().toString());
      assertThat(resumed.waitingForPod).isNull();
      assertProgressing(c, "True", "ChangeInFlight");
      assertThat(events(c, "ProgressResumed")).hasSize(1);

      clock.advance(Duration.ofSeconds(5));
      p.pass();
      TuningDecision verified = single(c, Phase.Verified);
      assertThat(verified.getSpec().action.kind).isEqualTo("scale-brokers");
      assertThat(verified.getStatus().outcome).isNotNull();
      assertThat(c.decisionsIn(Phase.Abandoned)).isEmpty();
      assertProgressing(c, "True", "NoChangeInFlight");
      assertThat(c.statefulSet(HelmChartCluster.BROKER).getSpec().getReplicas()).isEqualTo(3);
    }
  }

  /**
   * A scale-up stalls; a person scales the brokers back, so its target is not reached when the pods
   * are ready: it ends Abandoned. After an operator restart the same scale-up is vetoed (it would
   * create the pod that never became ready again) and says which decision it repeats; another
   * change goes ahead.
   */
  @Test
  void anAbandonedScaleUpIsNotProposedAgainButAnotherChangeIs() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    AtomicReference<Action> proposal = new AtomicReference<>(new Action.ScaleBrokers(2, 3));
    ScriptedDecisionMaker maker = new ScriptedDecisionMaker(r -> proposal.get());
    OperatorParts parts = OperatorParts.of(maker, clock);
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.controller.holdUnready("pulsar-broker-2");
      OperatorProcess p = c.start(parts);
      for (int pass = 0; pass < 5; pass++) {
        p.pass();
        c.controller.step();
        clock.advance(Duration.ofSeconds(1));
      }
      Instant since = Instant.parse(single(c, Phase.Planned).getStatus().lastProgressAt);
      clock.advance(Duration.between(clock.instant(), since.plus(DEADLINE).plusSeconds(1)));
      p.pass();
      TuningDecision stalled = single(c, Phase.Stalled);
      String name = stalled.getMetadata().getName();

      c.client
          .apps()
          .statefulSets()
          .inNamespace(FaultCluster.NS)
          .withName(HelmChartCluster.BROKER)
          .scale(2);
      c.controller.step();
      clock.advance(Duration.ofSeconds(10));
      p.pass();
      TuningDecision abandoned = single(c, Phase.Abandoned);
      assertThat(abandoned.getStatus().message).contains("not resumed");
      Instant left = Instant.parse(abandoned.getStatus().finishedAt);

      // A new process, an hour later, is asked for the same scale-up.
      clock.advance(Duration.ofHours(1));
      OperatorProcess restarted = c.start(parts);
      restarted.pass();
      c.controller.step();
      TuningDecision rejected = single(c, Phase.Rejected);
      assertThat(rejected.getSpec().action.description).isEqualTo("brokers 2 -> 3");
      assertThat(rejected.getStatus().message)
          .startsWith("abandoned-change: scaling brokers 2 -> 3 creates broker 2")
          .contains("decision " + name + " (brokers 2 -> 3)")
          .contains("abandoned at " + left)
          .contains("not proposed again until " + left.plus(Duration.ofHours(24)));
      assertThat(c.statefulSet(HelmChartCluster.BROKER).getSpec().getReplicas()).isEqualTo(2);

      // Another change is not held back by it.
      proposal.set(new Action.ScaleBookies(3, 4));
      clock.advance(Duration.ofMinutes(1));
      restarted.pass();
      c.controller.step();
      assertThat(c.decisionsIn(Phase.Rejected)).hasSize(1);
      assertThat(c.statefulSet(HelmChartCluster.BOOKIE).getSpec().getReplicas()).isEqualTo(4);
      assertThat(
              c.decisions().stream()
                  .filter(d -> d.getSpec().action.kind.equals("scale-bookies"))
                  .map(d -> d.getStatus().phase))
          .singleElement()
          .isIn(Phase.Planned, Phase.Applied, Phase.Verified);
    }
  }

  /**
   * A journal roll stalls on a bookie that never becomes ready; a person sets the value back and
   * the pod recovers, so the decision ends Abandoned. The planner then proposes the same value
   * again, to a restarted operator: it is rejected, naming the abandoned decision, and nothing is
   * written or restarted. Another value of the same setting goes ahead.
   */
  @Test
  void aValueWhoseRollWasAbandonedIsNotWrittenAgain() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    AtomicReference<Action> proposal = new AtomicReference<>(Action.ChangeSetting.of(KNOB, 1, 7));
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                r.snapshot().settings().value(KNOB).map("1"::equals).orElse(false)
                    ? proposal.get()
                    : Action.noOp());
    OperatorParts parts = OperatorParts.of(maker, clock);
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.controller.holdUnready(STUCK);
      OperatorProcess p = c.start(parts);
      Instant since = rollUntilHeld(c, p, clock);
      clock.advance(Duration.between(clock.instant(), since.plus(DEADLINE).plusSeconds(1)));
      p.pass();
      String name = single(c, Phase.Stalled).getMetadata().getName();

      // The fix the Stalled message asks for: the value set back, the pod replaced.
      c.client
          .configMaps()
          .inNamespace(FaultCluster.NS)
          .withName(HelmChartCluster.BOOKIE)
          .edit(
              cm -> {
                cm.getData().put(KNOB, "1");
                return cm;
              });
      c.controller.release(STUCK);
      c.controller.step();
      clock.advance(Duration.ofSeconds(10));
      p.pass();
      TuningDecision abandoned = single(c, Phase.Abandoned);
      Instant left = Instant.parse(abandoned.getStatus().finishedAt);
      List<String> restarts = List.copyOf(c.controller.restarts());

      clock.advance(Duration.ofMinutes(30));
      OperatorProcess restarted = c.start(parts);
      restarted.pass();
      c.controller.step();
      TuningDecision rejected = single(c, Phase.Rejected);
      assertThat(rejected.getStatus().message)
          .startsWith("abandoned-change: sets " + KNOB + " to 7")
          .contains("decision " + name + " (" + KNOB + " 1 -> 7")
          .contains("abandoned at " + left);
      assertThat(events(c, "DecisionRejected"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains(name));
      assertThat(c.configMap(HelmChartCluster.BOOKIE)).containsEntry(KNOB, "1");
      assertThat(c.controller.restarts()).isEqualTo(restarts);

      proposal.set(Action.ChangeSetting.of(KNOB, 1, 5));
      clock.advance(Duration.ofMinutes(1));
      restarted.pass();
      assertThat(c.decisionsIn(Phase.Rejected)).hasSize(1);
      assertThat(c.decisionsIn(Phase.Planned, Phase.Applied))
          .singleElement()
          .satisfies(d -> assertThat(d.getSpec().action.to).isEqualTo("5"));
      assertThat(c.configMap(HelmChartCluster.BOOKIE)).containsEntry(KNOB, "5");
    }
  }

  @Test
  void aRestartedOperatorKeepsTheDeadlineClock() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    OperatorParts parts = OperatorParts.of(journalThenBrokers(), clock);
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.controller.holdUnready(STUCK);
      Instant since = rollUntilHeld(c, c.start(parts), clock);

      // Ten minutes in, the operator is replaced; five minutes later the deadline has passed
      // for the new process too, which has never seen the roll make progress.
      clock.advance(Duration.between(clock.instant(), since.plus(Duration.ofMinutes(10))));
      OperatorProcess second = c.start(parts);
      second.pass();
      TuningDecision held = single(c, Phase.Planned);
      assertThat(held.getStatus().lastProgressAt).isEqualTo(since.toString());
      clock.advance(Duration.ofMinutes(5).plusSeconds(1));
      OperatorProcess third = c.start(parts);
      third.pass();
      assertThat(single(c, Phase.Stalled).getStatus().message)
          .contains("no progress since " + since);
      assertThat(c.controller.restarts()).containsExactly("pulsar-bookie-2", STUCK);
    }
  }

  @Test
  void aRestartedOperatorContinuesTheRetryBackoff() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    OperatorParts parts = OperatorParts.of(OperatorKillFaultTest.journalTo7(), clock);
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      c.withoutClientRetries();
      Status status =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(500)
              .withReason("InternalError")
              .withMessage("injected fault: 500 on ConfigMap patch")
              .build();
      server
          .expect()
          .patch()
          .withPath(KubernetesApiFaultTest.CONFIG_MAP)
          .andReturn(500, status)
          .times(3);

      assertThat(delay(c.start(parts).pass())).isEqualTo(Duration.ofMillis(200));
      TuningDecisionStatus first = single(c, Phase.Planned).getStatus();
      assertThat(first.failedAttempts).isEqualTo(1);
      assertThat(first.nextAttemptAt).isEqualTo(clock.instant().plusMillis(200).toString());

      // A new process, 50 ms later: the attempt is not due, so it waits out the rest.
      clock.advance(Duration.ofMillis(50));
      OperatorProcess restarted = c.start(parts);
      assertThat(delay(restarted.pass())).isEqualTo(Duration.ofMillis(150));
      assertThat(single(c, Phase.Planned).getStatus().failedAttempts).isEqualTo(1);

      // Then it continues the count: 400 ms, 800 ms, not 200 ms again.
      clock.advance(Duration.ofMillis(150));
      assertThat(delay(restarted.pass())).isEqualTo(Duration.ofMillis(400));
      assertThat(single(c, Phase.Planned).getStatus().failedAttempts).isEqualTo(2);
      clock.advance(Duration.ofMillis(400));
      OperatorProcess again = c.start(parts);
      assertThat(delay(again.pass())).isEqualTo(Duration.ofMillis(800));
      assertThat(single(c, Phase.Planned).getStatus().failedAttempts).isEqualTo(3);

      // The fault is spent: the next due attempt succeeds and clears the count.
      clock.advance(Duration.ofMillis(800));
      again.pass();
      TuningDecisionStatus after = single(c, Phase.Planned).getStatus();
      assertThat(after.failedAttempts).isNull();
      assertThat(after.nextAttemptAt).isNull();
      assertThat(c.configMap(HelmChartCluster.BOOKIE)).containsEntry(KNOB, "7");
    }
  }

  /**
   * Passes (a second apart) until the roll has restarted pulsar-bookie-2 and {@value #STUCK} and
   * waits for the latter; returns when the decision says it last made progress.
   */
  private static Instant rollUntilHeld(FaultCluster c, OperatorProcess p, ManualClock clock) {
    for (int pass = 0; pass < 20; pass++) {
      p.pass();
      c.controller.step();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(c.controller.restarts()).containsExactly("pulsar-bookie-2", STUCK);
    TuningDecisionStatus st = single(c, Phase.Planned).getStatus();
    assertThat(st.waitingForPod).isEqualTo(STUCK);
    assertThat(st.message).contains(STUCK + " to become ready");
    return Instant.parse(st.lastProgressAt);
  }

  private static TuningDecision single(FaultCluster c, Phase phase) {
    List<TuningDecision> in = c.decisionsIn(phase);
    assertThat(in).as("decisions in %s", phase).hasSize(1);
    return in.get(0);
  }

  private static void assertProgressing(
      FaultCluster c, String status, String reason, String... mentions) {
    assertThat(c.condition("Progressing"))
        .hasValueSatisfying(
            (Condition cond) -> {
              assertThat(cond.getStatus()).isEqualTo(status);
              assertThat(cond.getReason()).isEqualTo(reason);
              for (String m : mentions) {
                assertThat(cond.getMessage()).contains(m);
              }
            });
  }

  private static int partition(FaultCluster c) {
    return c.statefulSet(HelmChartCluster.BOOKIE)
        .getSpec()
        .getUpdateStrategy()
        .getRollingUpdate()
        .getPartition();
  }

  private static List<Event> events(FaultCluster c, String reason) {
    return c.client.v1().events().inNamespace(FaultCluster.NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static double counter(OperatorProcess p, String name) {
    double sum = 0;
    for (MetricSnapshot m : p.registry().scrape()) {
      if (m.getMetadata().getName().equals(name)) {
        for (var point : m.getDataPoints()) {
          sum += ((CounterSnapshot.CounterDataPointSnapshot) point).getValue();
        }
      }
    }
    return sum;
  }

  private static Duration delay(
      io.javaoperatorsdk.operator.api.reconciler.UpdateControl<?> control) {
    return Duration.ofMillis(control.getScheduleDelay().orElseThrow());
  }
}
