package io.tuneloop.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What Tuneloop last saw and did on a BrokerCluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerClusterStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, TelemetryHealthy, ModelReady, Paused and Degraded, each with a reason and message.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The mode in force: the spec's, or Recommend while the rollback breaker is tripped.")
  public String effectiveMode;

  @JsonPropertyDescription("Broker replicas last observed.")
  public Integer brokers;

  @JsonPropertyDescription("Bookie replicas last observed.")
  public Integer bookies;

  @JsonPropertyDescription("Current values of the allowed knobs, as Pulsar reports them.")
  public Map<String, String> settings;

  @JsonPropertyDescription("Highest broker p99 publish latency in the last window, milliseconds.")
  public Double p99PublishLatencyMs;

  @JsonPropertyDescription("Fraction of observed windows whose p99 met the objective.")
  public Double sloAttainment;

  @JsonPropertyDescription("Observed windows counted in sloAttainment.")
  public Long sloWindows;

  @JsonPropertyDescription("Observed windows that met the objective.")
  public Long sloWindowsMet;

  @JsonPropertyDescription("Version of the cluster's performance model.")
  public String modelVersion;

  @JsonPropertyDescription("Version of the federated baseline the model started from.")
  public String baselineVersion;

  @JsonPropertyDescription("End of the last telemetry window observed (RFC 3339).")
  public String lastObservedAt;

  @JsonPropertyDescription("The most recent decision.")
  public LastDecision lastDecision;

  /** A short pointer to the newest TuningDecision. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LastDecision {
    @JsonPropertyDescription("Name of the TuningDecision.")
    public String name;

    @JsonPropertyDescription("The action, in words.")
    public String action;

    @JsonPropertyDescription("Its phase when this status was written.")
    public String phase;

    @JsonPropertyDescription("When it was made (RFC 3339).")
    public String time;
  }
}
