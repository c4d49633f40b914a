package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.tuning.action.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator process is killed just before each of its writes to the Kubernetes API during a
 * rolling journal-setting change (after Planned is written, after the ConfigMap is patched, after
 * each partition step and pod restart, after verification starts), and a new process, sharing
 * nothing with the dead one but the API server, takes over. It must converge: the decision ends
 * Verified, every bookie restarted exactly once, highest ordinal first, none skipped; and at no
 * point is the cluster half-changed without a Planned or Applied decision that says so.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorKillFaultTest {
  static final String KNOB = "journalMaxGroupWaitMSec";

  /**
   * Writes one undisturbed roll makes up to its verification (measured by {@link
   * #anUndisturbedRollNeedsNoMoreWritesThanTheKillPointsCover}); every one is a kill point.
   */
  static final int ROLL_WRITES = 28;

  KubernetesClient client;

  static IntStream rollKillPoints() {
    return IntStream.rangeClosed(1, ROLL_WRITES);
  }

  /** The planner asks for journalMaxGroupWaitMSec=7 until the cluster has it. */
  static ScriptedDecisionMaker journalTo7() {
    return new ScriptedDecisionMaker(
        r ->
            r.snapshot().settings().value(KNOB).map("7"::equals).orElse(false)
                ? Action.noOp()
                : Action.ChangeSetting.of(KNOB, 1, 7));
  }

  @ParameterizedTest(name = "killed before write {0}")
  @MethodSource("rollKillPoints")
  void killedDuringARollingJournalChangeResumesAndConverges(int killBefore) {
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      OperatorParts parts = OperatorParts.of(journalTo7());
      c.kill.killBeforeWrite(killBefore);
      List<String> trail = new ArrayList<>();
      OperatorProcess p = c.start(parts);
      int passes = 0;
      while (passes < 60 && !rollConverged(c)) {
        try {
          p.pass();
        } catch (KillSwitch.SimulatedKill killed) {
          trail.add("killed before " + c.kill.killedAt());
          assertNotHalfChangedWithoutADecision(c, trail);
          p = c.start(parts);
        }
        assertNotHalfChangedWithoutADecision(c, trail);
        c.controller.step();
        passes++;
      }
      assertThat(c.kill.fired()).as("kill switch fired; writes %s", c.kill.writes()).isTrue();
      assertThat(rollConverged(c)).as("converged after %d passes; %s", passes, trail).isTrue();
      // A few more passes change nothing: no pod restarts twice, no second decision acts.
      for (int i = 0; i < 3; i++) {
        p.pass();
        c.controller.step();
      }
      assertRolledExactlyOnce(c, trail);
    }
  }

  @org.junit.jupiter.api.Test
  void anUndisturbedRollNeedsNoMoreWritesThanTheKillPointsCover() {
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      OperatorProcess p = c.start(OperatorParts.of(journalTo7()));
      for (int i = 0; i < 60 && !rollConverged(c); i++) {
        p.pass();
        c.controller.step();
      }
      assertThat(rollConverged(c)).isTrue();
      assertThat(c.kill.writes()).hasSizeLessThanOrEqualTo(ROLL_WRITES);
      assertRolledExactlyOnce(c, List.of());
    }
  }

  static boolean rollConverged(FaultCluster c) {
    return !c.decisionsIn(Phase.Verified).isEmpty();
  }

  static void assertRolledExactlyOnce(FaultCluster c, List<String> trail) {
    assertThat(c.configMap(HelmChartCluster.BOOKIE)).containsEntry(KNOB, "7");
    assertThat(c.controller.restarts())
        .as("restarts; %s", trail)
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
    for (int i = 0; i < 3; i++) {
      assertThat(c.controller.restartsOf("pulsar-bookie-" + i)).isEqualTo(1);
    }
    assertThat(c.controller.maxNotReadyAtOnce()).isEqualTo(1);
    assertThat(c.controller.restarts()).noneMatch(pod -> pod.startsWith("pulsar-broker"));
    List<TuningDecision> verified = c.decisionsIn(Phase.Verified);
    assertThat(verified).as("one verified decision; %s", trail).hasSize(1);
    assertThat(verified.get(0).getSpec().action.knob).isEqualTo(KNOB);
    assertThat(verified.get(0).getStatus().restartedPods)
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
    assertThat(c.decisionsIn(Phase.Planned, Phase.Applied)).isEmpty();
    assertThat(c.decisions())
        .as("every decision has a phase; %s", trail)
        .allMatch(d -> d.getStatus() != null && d.getStatus().phase != null);
  }

  /**
   * The cluster differs from before the change (ConfigMap, pod template, a restarted pod) but the
   * change is not complete: then a Planned or Applied decision for the knob must say so.
   */
  static void assertNotHalfChangedWithoutADecision(FaultCluster c, List<String> trail) {
    String value = c.configMap(HelmChartCluster.BOOKIE).get(KNOB);
    StatefulSet sts = c.statefulSet(HelmChartCluster.BOOKIE);
    var ann = sts.getSpec().getTemplate().getMetadata().getAnnotations();
    boolean touched =
        !"1".equals(value)
            || (ann != null && ann.containsKey(RollingConfigActuator.CONFIG_HASH_ANNOTATION))
            || !c.controller.restarts().isEmpty();
    boolean complete = "7".equals(value) && c.controller.restarts().size() == 3;
    if (touched && !complete) {
      assertThat(c.decisionsIn(Phase.Planned, Phase.Applied))
          .as(
              "half-changed (%s=%s, restarts %s) needs an in-flight decision; %s",
              KNOB, value, c.controller.restarts(), trail)
          .anyMatch(d -> KNOB.equals(d.getSpec().action.knob));
    }
  }
}
