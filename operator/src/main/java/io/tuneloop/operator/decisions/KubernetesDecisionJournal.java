package io.tuneloop.operator.decisions;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import java.util.List;

/** TuningDecision resources, labelled with their cluster's name and owned by it. */
public final class KubernetesDecisionJournal implements DecisionJournal {
  private final KubernetesClient client;

  public KubernetesDecisionJournal(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<TuningDecision> list(String namespace, String cluster) {
    return client
        .resources(TuningDecision.class)
        .inNamespace(namespace)
        .withLabel(TuningDecision.CLUSTER_LABEL, cluster)
        .list()
        .getItems()
        .stream()
        .sorted(DecisionRecords.OLDEST_FIRST)
        .toList();
  }

  @Override
  public TuningDecision create(TuningDecision decision) {
    TuningDecisionStatus status = decision.getStatus();
    // The status subresource ignores a status sent with create; write it separately.
    TuningDecision created =
        client
            .resources(TuningDecision.class)
            .inNamespace(decision.getMetadata().getNamespace())
            .resource(decision)
            .create();
    created.setStatus(status);
    return updateStatus(created);
  }

  @Override
  public TuningDecision updateStatus(TuningDecision decision) {
    TuningDecisionStatus status = decision.getStatus();
    return client
        .resources(TuningDecision.class)
        .inNamespace(decision.getMetadata().getNamespace())
        .withName(decision.getMetadata().getName())
        .editStatus(
            td -> {
              td.setStatus(status);
              return td;
            });
  }

  @Override
  public void delete(TuningDecision decision) {
    client
        .resources(TuningDecision.class)
        .inNamespace(decision.getMetadata().getNamespace())
        .withName(decision.getMetadata().getName())
        .delete();
  }
}
