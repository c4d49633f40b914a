package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bookie never becomes ready after its restart during a rolling journal change (first, second and
 * last pod of the roll). Expected: hold. The roll restarts no further pod, the decision stays
 * Planned and says which pod it waits for, and so do the BrokerCluster's conditions; once the pod
 * comes up the roll finishes with every pod restarted once.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PodNeverReadyFaultTest {
  KubernetesClient client;

  @ParameterizedTest(name = "pulsar-bookie-{0} stays unready")
  @ValueSource(ints = {2, 1, 0})
  void rollHoldsAtAPodThatNeverBecomesReady(int ordinal) {
    try (FaultCluster c = new FaultCluster(client, FaultCluster.autoSpec())) {
      String stuck = "pulsar-bookie-" + ordinal;
      c.controller.holdUnready(stuck);
      OperatorProcess p = c.start(OperatorParts.of(OperatorKillFaultTest.journalTo7()));
      List<String> trail = new ArrayList<>();
      for (int pass = 0; pass < 40; pass++) {
        p.pass();
        OperatorKillFaultTest.assertNotHalfChangedWithoutADecision(c, trail);
        c.controller.step();
      }
      // Restarted, highest ordinal first, up to and including the stuck pod, and no further.
      List<String> expected = new ArrayList<>();
      for (int i = 2; i >= ordinal; i--) {
        expected.add("pulsar-bookie-" + i);
      }
      assertThat(c.controller.restarts()).containsExactlyElementsOf(expected);
      assertThat(c.pod(stuck).getStatus().getConditions())
          .noneMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus()));
      List<TuningDecision> inFlight = c.decisionsIn(Phase.Planned);
      assertThat(inFlight).hasSize(1);
      String waiting = stuck + " to become ready";
      assertThat(inFlight.get(0).getStatus().message).contains(waiting);
      assertThat(c.cluster().getStatus().lastDecision.phase).isEqualTo("Planned");
      assertThat(c.condition("Ready"))
          .hasValueSatisfying(cond -> assertThat(cond.getMessage()).contains(waiting));
      assertThat(c.controller.maxNotReadyAtOnce()).isEqualTo(1);

      c.controller.release(stuck);
      for (int pass = 0; pass < 40 && !OperatorKillFaultTest.rollConverged(c); pass++) {
        c.controller.step();
        p.pass();
      }
      OperatorKillFaultTest.assertRolledExactlyOnce(c, trail);
    }
  }
}
