package io.tuneloop.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import java.util.List;

/** BrokerCluster specs for tests: a Helm-chart-shaped cluster called {@code pulsar}. */
public final class ClusterSpecs {
  private ClusterSpecs() {}

  /** A valid spec: release {@code pulsar}, 2..5 brokers, 3..6 bookies, two allowed knobs. */
  public static BrokerClusterSpec valid(String adminUrl) {
    BrokerClusterSpec s = new BrokerClusterSpec();
    s.pulsar = new BrokerClusterSpec.PulsarConnection();
    s.pulsar.adminUrl = adminUrl;
    s.workloads.release = "pulsar";
    s.objectives = new BrokerClusterSpec.Objectives();
    s.objectives.publishLatencyP99Ms = 50.0;
    s.bounds = new BrokerClusterSpec.Bounds();
    s.bounds.minBrokers = 2;
    s.bounds.maxBrokers = 5;
    s.bounds.minBookies = 3;
    s.bounds.maxBookies = 6;
    s.bounds.knobs =
        new java.util.ArrayList<>(
            List.of(
                new BrokerClusterSpec.KnobBound("journalMaxGroupWaitMSec", 0, 10),
                new BrokerClusterSpec.KnobBound("dispatcherMaxReadBatchSize", 50, 500)));
    s.guardrails.cooldownSeconds = 0;
    s.guardrails.settleWindowSeconds = 0;
    return s;
  }

  public static BrokerCluster cluster(String namespace, String name, BrokerClusterSpec spec) {
    BrokerCluster bc = new BrokerCluster();
    bc.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    bc.setSpec(spec);
    return bc;
  }
}
