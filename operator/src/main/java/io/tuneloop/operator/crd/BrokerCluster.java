package io.tuneloop.operator.crd;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One Pulsar cluster that Tuneloop observes and tunes. */
@Group(BrokerCluster.GROUP)
@Version(BrokerCluster.VERSION)
@Kind("BrokerCluster")
@Plural("brokerclusters")
@Singular("brokercluster")
@ShortNames("bc")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Brokers",
    jsonPath = ".status.brokers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Bookies",
    jsonPath = ".status.bookies",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "P99ms",
    jsonPath = ".status.p99PublishLatencyMs",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Last action",
    jsonPath = ".status.lastDecision.action",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class BrokerCluster extends CustomResource<BrokerClusterSpec, BrokerClusterStatus>
    implements Namespaced {
  public static final String GROUP = "tuneloop.io";
  public static final String VERSION = "v1alpha1";

  /** A spec that cannot be read becomes a named problem on this cluster, never a failed watch. */
  @Override
  @JsonDeserialize(using = BrokerClusterSpecReader.class)
  public void setSpec(BrokerClusterSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonSerialize(using = BrokerClusterSpecWriter.class)
  public BrokerClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected BrokerClusterStatus initStatus() {
    return new BrokerClusterStatus();
  }
}
