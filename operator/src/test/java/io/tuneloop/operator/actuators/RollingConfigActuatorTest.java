package io.tuneloop.operator.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.StatefulSetControllerEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class RollingConfigActuatorTest {
  static final String NS = "pulsar";
  KubernetesClient client;

  private final AtomicLong underReplicated = new AtomicLong();
  private StatefulSetControllerEmulator controller;
  private RollingConfigActuator roller;

  @BeforeEach
  void cluster() {
    HelmChartCluster.create(client, NS, 2, 3);
    controller = new StatefulSetControllerEmulator(client, NS);
    controller.step();
    roller = new RollingConfigActuator(client, () -> OptionalLong.of(underReplicated.get()));
  }

  @Test
  void plainKeyIsWrittenAndPodsRestartOneAtATimeHighestFirst() {
    List<String> log = new ArrayList<>();
    RollProgress p =
        roller.apply(
            NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "journalMaxGroupWaitMSec", "5");
    int calls = 1;
    while (!p.done() && calls < 50) {
      log.add(p.describe());
      controller.step();
      p =
          roller.apply(
              NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "journalMaxGroupWaitMSec", "5");
      calls++;
    }
    assertThat(p.done()).as("roll finished: %s", log).isTrue();
    Map<String, String> data =
        client.configMaps().inNamespace(NS).withName(HelmChartCluster.BOOKIE).get().getData();
    assertThat(data)
        .containsEntry("journalMaxGroupWaitMSec", "5")
        .doesNotContainKey("PULSAR_PREFIX_journalMaxGroupWaitMSec");
    assertThat(controller.restarts())
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
    assertThat(controller.maxNotReadyAtOnce()).isEqualTo(1);
    assertThat(controller.restarts()).doesNotContain("pulsar-broker-0", "pulsar-broker-1");

    // Applying the same change again restarts nothing.
    for (int i = 0; i < 3; i++) {
      controller.step();
      assertThat(
              roller
                  .apply(
                      NS,
                      HelmChartCluster.BOOKIE,
                      HelmChartCluster.BOOKIE,
                      "journalMaxGroupWaitMSec",
                      "5")
                  .done())
          .isTrue();
    }
    assertThat(controller.restarts()).hasSize(3);
  }

  @Test
  void prefixedKeyStaysPrefixedAndUnknownKeyIsAddedWithThePrefix() {
    roller.apply(NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "flushInterval", "30000");
    roller.apply(
        NS,
        HelmChartCluster.BOOKIE,
        HelmChartCluster.BOOKIE,
        "dbStorage_writeCacheMaxSizeMb",
        "128");
    Map<String, String> data =
        client.configMaps().inNamespace(NS).withName(HelmChartCluster.BOOKIE).get().getData();
    assertThat(data)
        .containsEntry("PULSAR_PREFIX_flushInterval", "30000")
        .doesNotContainKey("flushInterval")
        .containsEntry("PULSAR_PREFIX_dbStorage_writeCacheMaxSizeMb", "128");
    assertThat(roller.currentValue(NS, HelmChartCluster.BOOKIE, "flushInterval")).contains("30000");
  }

  /** Alternates the actuator and the controller until {@code restarts} pods have restarted. */
  private RollProgress driveUntilRestarts(
      RollingConfigActuator actuator, String value, int restarts) {
    RollProgress p = null;
    for (int i = 0; i < 20 && controller.restarts().size() < restarts; i++) {
      p =
          actuator.apply(
              NS,
              HelmChartCluster.BOOKIE,
              HelmChartCluster.BOOKIE,
              "journalMaxGroupWaitMSec",
              value);
      controller.step();
    }
    return p;
  }

  @Test
  void underReplicatedLedgersHoldTheNextPod() {
    driveUntilRestarts(roller, "2", 1);
    assertThat(controller.restarts()).containsExactly("pulsar-bookie-2");
    underReplicated.set(7);
    controller.step();
    for (int i = 0; i < 5; i++) {
      RollProgress p =
          roller.apply(
              NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "journalMaxGroupWaitMSec", "2");
      assertThat(p.waitingFor()).isEqualTo("7 under-replicated ledgers to be re-replicated");
      controller.step();
    }
    assertThat(controller.restarts()).containsExactly("pulsar-bookie-2");
  }

  @Test
  void aNewActuatorResumesWithoutRestartingAPodTwice() {
    driveUntilRestarts(roller, "3", 2);
    assertThat(controller.restarts()).containsExactly("pulsar-bookie-2", "pulsar-bookie-1");

    RollingConfigActuator restarted = new RollingConfigActuator(client, () -> OptionalLong.of(0));
    RollProgress p = restarted.progress(NS, HelmChartCluster.BOOKIE);
    assertThat(p.done()).isFalse();
    for (int i = 0; i < 10 && !p.done(); i++) {
      controller.step();
      p =
          restarted.apply(
              NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "journalMaxGroupWaitMSec", "3");
    }
    assertThat(p.done()).isTrue();
    assertThat(controller.restarts())
        .containsExactly("pulsar-bookie-2", "pulsar-bookie-1", "pulsar-bookie-0");
    assertThat(controller.restartsOf("pulsar-bookie-2")).isEqualTo(1);
  }

  @Test
  void unknownReplicationStateHoldsTheRoll() {
    RollingConfigActuator blind = new RollingConfigActuator(client, OptionalLong::empty);
    RollProgress p = null;
    for (int i = 0; i < 4; i++) {
      p =
          blind.apply(
              NS, HelmChartCluster.BOOKIE, HelmChartCluster.BOOKIE, "journalMaxGroupWaitMSec", "4");
      controller.step();
    }
    assertThat(p.waitingFor()).contains("under-replicated ledgers to be known");
    assertThat(controller.restarts()).isEmpty();
  }
}
