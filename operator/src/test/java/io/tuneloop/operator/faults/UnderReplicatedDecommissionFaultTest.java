package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.BookKeeperStandIn;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ledgers stay under-replicated during a bookie decommission (no bookie can take the copies).
 * Expected: hold. The stopped bookie's volume claims are not deleted, and the decision stays
 * Planned saying how many ledgers are under-replicated; once re-replication completes, the claims
 * go and the decision is verified. Ledgers under-replicated before the scale-down starts refuse it
 * with nothing touched.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class UnderReplicatedDecommissionFaultTest {
  KubernetesClient client;

  @ParameterizedTest(name = "{0} ledgers stay under-replicated")
  @ValueSource(ints = {1, 7, 250})
  void volumeClaimsStayWhileLedgersAreUnderReplicated(int ledgers) throws Exception {
    try (BookKeeperStandIn bk = new BookKeeperStandIn();
        FaultCluster c = new FaultCluster(client, BookieScaleDownKillFaultTest.spec())) {
      bk.ledgersPerBookie = ledgers;
      bk.stuck = true;
      List<String> trail = new ArrayList<>();
      BookieScaleDownKillFaultTest.watchClaimDeletes(c, bk, trail);
      OperatorProcess p =
          c.start(
              OperatorParts.of(BookieScaleDownKillFaultTest.threeToTwoBookies())
                  .withBookieHttp(bk.uri()));
      for (int pass = 0; pass < 15; pass++) {
        p.pass();
        BookieScaleDownKillFaultTest.assertNotHalfChangedWithoutADecision(c, trail);
        c.controller.step();
      }
      assertThat(bk.underReplicated.get()).isEqualTo(ledgers);
      assertThat(trail).as("no claim deleted").isEmpty();
      assertThat(c.claimExists("pulsar-bookie-journal-pulsar-bookie-2")).isTrue();
      assertThat(c.claimExists("pulsar-bookie-ledgers-pulsar-bookie-2")).isTrue();
      assertThat(c.statefulSet(HelmChartCluster.BOOKIE).getSpec().getReplicas()).isEqualTo(2);
      List<TuningDecision> inFlight = c.decisionsIn(Phase.Planned);
      assertThat(inFlight).hasSize(1);
      assertThat(inFlight.get(0).getStatus().message)
          .contains("re-replicating")
          .contains(ledgers + " ledgers are under-replicated");
      assertThat(c.condition("Ready"))
          .hasValueSatisfying(
              cond -> assertThat(cond.getMessage()).contains("ledgers are under-replicated"));

      // Re-replication completes.
      bk.stuck = false;
      bk.underReplicated.set(0);
      for (int pass = 0; pass < 20 && c.decisionsIn(Phase.Verified).isEmpty(); pass++) {
        p.pass();
        c.controller.step();
      }
      BookieScaleDownKillFaultTest.assertScaledDownOnce(c, bk, trail);
    }
  }

  @Test
  void underReplicatedBeforeTheStartRefusesTheScaleDownWithNothingTouched() throws Exception {
    try (BookKeeperStandIn bk = new BookKeeperStandIn();
        FaultCluster c = new FaultCluster(client, BookieScaleDownKillFaultTest.spec())) {
      bk.underReplicated.set(4);
      bk.stuck = true;
      OperatorProcess p =
          c.start(
              OperatorParts.of(BookieScaleDownKillFaultTest.threeToTwoBookies())
                  .withBookieHttp(bk.uri()));
      p.pass();
      c.controller.step();
      assertThat(bk.puts()).isEmpty();
      assertThat(c.statefulSet(HelmChartCluster.BOOKIE).getSpec().getReplicas()).isEqualTo(3);
      assertThat(c.statefulSet(HelmChartCluster.BOOKIE).getMetadata().getAnnotations())
          .isNullOrEmpty();
      List<TuningDecision> rejected = c.decisionsIn(Phase.Rejected);
      assertThat(rejected).hasSize(1);
      assertThat(rejected.get(0).getStatus().message).contains("4 ledgers are under-replicated");
    }
  }
}
