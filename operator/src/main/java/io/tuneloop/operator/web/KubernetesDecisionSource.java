package io.tuneloop.operator.web;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tuneloop.operator.crd.TuningDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The TuningDecision resources of the namespaces the operator watches (all when none given). */
public final class KubernetesDecisionSource implements DecisionSource {
  private final KubernetesClient client;
  private final Set<String> namespaces;

  /**
   * @param namespaces the watched namespaces; empty for all (then the operator may list
   *     cluster-wide, as its ClusterRole allows)
   */
  public KubernetesDecisionSource(
      KubernetesClient client, java.util.Collection<String> namespaces) {
    this.client = client;
    this.namespaces = new TreeSet<>(namespaces);
  }

  @Override
  public List<TuningDecision> decisions() {
    if (namespaces.isEmpty()) {
      return client.resources(TuningDecision.class).inAnyNamespace().list().getItems();
    }
    List<TuningDecision> out = new ArrayList<>();
    for (String ns : namespaces) {
      out.addAll(client.resources(TuningDecision.class).inNamespace(ns).list().getItems());
    }
    return out;
  }
}
