package io.tuneloop.operator.reconciler;

import static io.tuneloop.operator.OperatorHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class ResumeAndLeaderElectionTest {
  KubernetesMockServer server;
  KubernetesClient client;
  OperatorHarness h;

  @BeforeEach
  void cluster() {
    h = new OperatorHarness(client);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void restartedOperatorFinishesAHalfDoneRollWithoutRestartingAPodTwice() throws Exception {
    h.pauseController();
    AtomicInteger n = new AtomicInteger();
    TuneloopOperator first =
        h.startOperator(
            new ScriptedDecisionMaker(
                r ->
                    n.getAndIncrement() == 0
                        ? Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 7)
                        : Action.noOp()),
            Optional.empty());
    BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080");
    spec.mode = BrokerClusterSpec.Mode.Auto;
    h.createCluster("c1", spec);
    TuningDecision planned =
        h.awaitDecision(
            "planned roll", d -> d.getStatus() != null && d.getStatus().phase == Phase.Planned);
    for (int i = 0; i < 40 && h.controller.restarts().isEmpty(); i++) {
      h.controller.step();
      Thread.sleep(250);
    }
    assertThat(h.controller.restarts()).containsExactly("pulsar-bookie-2");
    first.close(); // stopped between Planned and Applied
    TuningDecision stopped =
        h.decisions().stream()
            .filter(d -> d.getMetadata().getName().equals(planned.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(stopped.getStatus().phase).isEqualTo(Phase.Planned);

    ScriptedDecisionMaker second = new ScriptedDecisionMaker(r -> Action.noOp());
    TuneloopOperator restarted = h.startOperator(second, Optional.empty());
    try {
      h.resumeController();
      TuningDecision done =
          h.awaitDecision(
              "verified roll", d -> d.getStatus() != null && d.getStatus().phase == Phase.Verified);
      assertThat(done.getMetadata().getName()).isEqualTo(planned.getMetadata().getName());
      assertThat(h.controller.restarts())
          .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
      for (int i = 0; i < 3; i++) {
        assertThat(h.controller.restartsOf("pulsar-bookie-" + i)).isEqualTo(1);
      }
      assertThat(h.decisions()).hasSize(1);
      assertThat(
              client
                  .configMaps()
                  .inNamespace(OperatorHarness.NS)
                  .withName(HelmChartCluster.BOOKIE)
                  .get()
                  .getData())
          .containsEntry("journalMaxGroupWaitMSec", "7");
    } finally {
      restarted.close();
    }
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheOtherTakesOver() {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    ScriptedDecisionMaker makerA = new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3));
    ScriptedDecisionMaker makerB = new ScriptedDecisionMaker(r -> new Action.ScaleBrokers(2, 3));
    TuneloopOperator a = h.startOperator(makerA, Optional.of(election("a")));
    TuneloopOperator b = null;
    try {
      await("a holds the lease", Duration.ofSeconds(20), this::holder, "a"::equals);
      b = h.startOperator(makerB, Optional.of(election("b")));
      h.createCluster("c1", ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080"));
      h.awaitDecision(
          "a recommendation",
          d -> d.getStatus() != null && d.getStatus().phase == Phase.Recommended);
      assertThat(makerA.calls()).isPositive();
      assertThat(makerB.calls()).isZero();

      a.close();
      await("b takes the lease", Duration.ofSeconds(30), this::holder, "b"::equals);
      await("b reconciles", Duration.ofSeconds(30), makerB::calls, c -> c > 0);
    } finally {
      if (b != null) {
        b.close();
      }
    }
  }

  private String holder() {
    Lease l = client.leases().inNamespace(OperatorHarness.NS).withName("tuneloop-operator").get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  private static TuneloopOperator.LeaderElection election(String id) {
    return new TuneloopOperator.LeaderElection(
        "tuneloop-operator",
        OperatorHarness.NS,
        id,
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        Duration.ofMillis(250));
  }
}
