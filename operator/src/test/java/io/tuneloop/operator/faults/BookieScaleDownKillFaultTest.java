package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.BookKeeperStandIn;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.tuning.action.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator process is killed just before each of its writes to the Kubernetes API during a
 * bookie scale-down (after Planned, after the decommission starts, after the replicas patch, before
 * each volume claim delete...), and a new process takes over. It must converge on exactly one
 * bookie fewer, with bookie 2's claims deleted only once no ledger was under-replicated, the other
 * bookies' claims intact, and never a half-done decommission without a Planned or Applied decision.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BookieScaleDownKillFaultTest {
  /** Writes one undisturbed scale-down makes up to its verification; every one is a kill point. */
  static final int SCALE_DOWN_WRITES = 25;

  KubernetesClient client;

  static IntStream scaleDownKillPoints() {
    return IntStream.rangeClosed(1, SCALE_DOWN_WRITES);
  }

  static BrokerClusterSpec spec() {
    BrokerClusterSpec spec = FaultCluster.autoSpec();
    spec.bounds.minBookies = 2;
    return spec;
  }

  /** The planner asks for one bookie less while there are three. */
  static ScriptedDecisionMaker threeToTwoBookies() {
    return new ScriptedDecisionMaker(
        r ->
            r.snapshot().settings().bookies() == 3 ? new Action.ScaleBookies(3, 2) : Action.noOp());
  }

  @ParameterizedTest(name = "killed before write {0}")
  @MethodSource("scaleDownKillPoints")
  void killedDuringABookieScaleDownResumesAndConverges(int killBefore) throws Exception {
    try (BookKeeperStandIn bk = new BookKeeperStandIn();
        FaultCluster c = new FaultCluster(client, spec())) {
      List<String> trail = new ArrayList<>();
      watchClaimDeletes(c, bk, trail);
      OperatorParts parts = OperatorParts.of(threeToTwoBookies()).withBookieHttp(bk.uri());
      c.kill.killBeforeWrite(killBefore);
      OperatorProcess p = c.start(parts);
      int passes = 0;
      while (passes < 60 && c.decisionsIn(Phase.Verified).isEmpty()) {
        try {
          p.pass();
        } catch (KillSwitch.SimulatedKill killed) {
          trail.add("killed before " + c.kill.killedAt());
          p = c.start(parts);
        }
        assertNotHalfChangedWithoutADecision(c, trail);
        c.controller.step();
        passes++;
      }
      assertThat(c.kill.fired()).as("kill switch fired; writes %s", c.kill.writes()).isTrue();
      for (int i = 0; i < 3; i++) {
        p.pass();
        c.controller.step();
      }
      assertScaledDownOnce(c, bk, trail);
    }
  }

  @Test
  void anUndisturbedScaleDownNeedsNoMoreWritesThanTheKillPointsCover() throws Exception {
    try (BookKeeperStandIn bk = new BookKeeperStandIn();
        FaultCluster c = new FaultCluster(client, spec())) {
      List<String> trail = new ArrayList<>();
      watchClaimDeletes(c, bk, trail);
      OperatorProcess p = c.start(OperatorParts.of(threeToTwoBookies()).withBookieHttp(bk.uri()));
      for (int i = 0; i < 60 && c.decisionsIn(Phase.Verified).isEmpty(); i++) {
        p.pass();
        c.controller.step();
      }
      assertScaledDownOnce(c, bk, trail);
      assertThat(c.kill.writes()).hasSizeLessThanOrEqualTo(SCALE_DOWN_WRITES);
    }
  }

  /** Records a volume claim delete sent while the stand-in reports under-replicated ledgers. */
  static void watchClaimDeletes(FaultCluster c, BookKeeperStandIn bk, List<String> trail) {
    c.kill.watch(
        w -> {
          if (w.startsWith("DELETE") && w.contains("/persistentvolumeclaims/")) {
            trail.add(w + " with " + bk.underReplicated.get() + " under-replicated ledgers");
          }
        });
  }

  static void assertScaledDownOnce(FaultCluster c, BookKeeperStandIn bk, List<String> trail) {
    List<TuningDecision> verified = c.decisionsIn(Phase.Verified);
    assertThat(verified).as("one verified decision; %s", trail).hasSize(1);
    assertThat(verified.get(0).getSpec().action.kind).isEqualTo("scale-bookies");
    assertThat(c.decisionsIn(Phase.Planned, Phase.Applied)).isEmpty();
    assertThat(c.decisions()).allMatch(d -> d.getStatus() != null && d.getStatus().phase != null);
    StatefulSet sts = c.statefulSet(HelmChartCluster.BOOKIE);
    assertThat(sts.getSpec().getReplicas()).as("%s", trail).isEqualTo(2);
    Map<String, String> ann = sts.getMetadata().getAnnotations();
    assertThat(ann == null ? Map.of() : ann)
        .doesNotContainKeys(
            BookieDecommissioner.ORDINAL_ANNOTATION, BookieDecommissioner.REQUESTED_ANNOTATION);
    assertThat(c.pod("pulsar-bookie-2")).isNull();
    assertThat(c.pod("pulsar-bookie-1")).isNotNull();
    assertThat(c.claimExists("pulsar-bookie-journal-pulsar-bookie-2")).isFalse();
    assertThat(c.claimExists("pulsar-bookie-ledgers-pulsar-bookie-2")).isFalse();
    for (int i = 0; i < 2; i++) {
      assertThat(c.claimExists("pulsar-bookie-journal-pulsar-bookie-" + i)).isTrue();
      assertThat(c.claimExists("pulsar-bookie-ledgers-pulsar-bookie-" + i)).isTrue();
    }
    assertThat(trail)
        .as("claims deleted only with no ledger under-replicated")
        .filteredOn(t -> t.startsWith("DELETE"))
        .isNotEmpty()
        .allMatch(t -> t.endsWith(" with 0 under-replicated ledgers"));
    String bookie2 = "pulsar-bookie-2.pulsar-bookie.pulsar.svc.cluster.local:3181";
    assertThat(bk.puts())
        .as("only bookie 2 is made read-only and decommissioned")
        .allMatch(
            put ->
                put.equals("/api/v1/bookie/state/readonly {\"readOnly\":true}")
                    || put.equals(
                        "/api/v1/autorecovery/decommission {\"bookie_src\":\"" + bookie2 + "\"}"));
    assertThat(bk.putsTo("/api/v1/autorecovery/decommission")).isBetween(1L, 2L);
    assertThat(c.controller.restarts()).isEmpty();
  }

  /**
   * The bookie StatefulSet differs from three plain replicas (an annotation, fewer replicas, a
   * deleted claim) but the scale-down is not complete: then a Planned or Applied scale-bookies
   * decision must say so.
   */
  static void assertNotHalfChangedWithoutADecision(FaultCluster c, List<String> trail) {
    StatefulSet sts = c.statefulSet(HelmChartCluster.BOOKIE);
    Map<String, String> ann =
        sts.getMetadata().getAnnotations() == null ? Map.of() : sts.getMetadata().getAnnotations();
    boolean marked = ann.containsKey(BookieDecommissioner.ORDINAL_ANNOTATION);
    boolean fewer = sts.getSpec().getReplicas() < 3;
    boolean claimsGone = !c.claimExists("pulsar-bookie-journal-pulsar-bookie-2");
    boolean complete = fewer && claimsGone && !marked;
    if ((marked || fewer || claimsGone) && !complete) {
      assertThat(c.decisionsIn(Phase.Planned, Phase.Applied))
          .as("half-done scale-down (annotations %s) needs an in-flight decision; %s", ann, trail)
          .anyMatch(d -> "scale-bookies".equals(d.getSpec().action.kind));
    }
  }
}
