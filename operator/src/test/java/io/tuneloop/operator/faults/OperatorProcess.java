package io.tuneloop.operator.faults;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;

/**
 * One operator process: its own client and reconciler (with its loop, actuators and caches), and
 * the registry its metrics are in.
 */
record OperatorProcess(
    KubernetesClient client, BrokerClusterReconciler reconciler, PrometheusRegistry registry) {

  /** One reconcile of the BrokerCluster as the API server has it now, as JOSDK would run it. */
  UpdateControl<BrokerCluster> pass() {
    BrokerCluster bc =
        client
            .resources(BrokerCluster.class)
            .inNamespace(FaultCluster.NS)
            .withName(FaultCluster.NAME)
            .get();
    return reconciler.reconcile(bc, null);
  }
}
