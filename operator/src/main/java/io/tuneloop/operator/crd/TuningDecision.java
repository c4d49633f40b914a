package io.tuneloop.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One decision Tuneloop made for a {@link BrokerCluster}, owned by it. It is written in phase
 * {@code Planned} before anything is changed, so a restarted operator finds and finishes it.
 */
@Group(BrokerCluster.GROUP)
@Version(BrokerCluster.VERSION)
@Kind("TuningDecision")
@Plural("tuningdecisions")
@Singular("tuningdecision")
@ShortNames("td")
@AdditionalPrinterColumn(
    name = "Cluster",
    jsonPath = ".spec.clusterName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Action",
    jsonPath = ".spec.action.description",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "PredP99ms",
    jsonPath = ".spec.prediction.p99PublishLatencyMs",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "ObsP99ms",
    jsonPath = ".status.outcome.p99PublishLatencyMs",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.modelVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".spec.reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TuningDecision extends CustomResource<TuningDecisionSpec, TuningDecisionStatus>
    implements Namespaced {

  /** Label naming the BrokerCluster a decision belongs to, for listing its decisions. */
  public static final String CLUSTER_LABEL = "tuneloop.io/cluster";

  @Override
  protected TuningDecisionStatus initStatus() {
    return new TuningDecisionStatus();
  }
}
