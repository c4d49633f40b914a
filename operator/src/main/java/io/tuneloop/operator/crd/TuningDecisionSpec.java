package io.tuneloop.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** What was decided and why; immutable once written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TuningDecisionSpec {

  @JsonPropertyDescription("Name of the BrokerCluster this decision is for.")
  @Required
  public String clusterName;

  @JsonPropertyDescription("The mode the cluster was in when deciding.")
  public String mode;

  @JsonPropertyDescription("The chosen action.")
  @Required
  public ActionRecord action;

  @JsonPropertyDescription("Why it was chosen, in words.")
  public String reason;

  @JsonPropertyDescription("The best candidates it was chosen over, each summarised.")
  public List<String> runnerUps = new ArrayList<>();

  @JsonPropertyDescription("The observation the decision was based on.")
  public SnapshotSummary snapshot;

  @JsonPropertyDescription("What the model expected once the change took effect, with its spread.")
  public PredictionRecord prediction;

  @JsonPropertyDescription("The model that predicted.")
  public String modelVersion;

  @JsonPropertyDescription("Whether the choice explored (optimistic, Auto mode only).")
  public Boolean explored;

  @JsonPropertyDescription(
      "For a rollback: the decision whose change this one reverses (a rollback is not verified).")
  public String rollbackOf;

  /** An action as data. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ActionRecord {
    @JsonPropertyDescription("noop, scale-brokers, scale-bookies or setting.")
    @Required
    @Pattern("^(noop|scale-brokers|scale-bookies|setting)$")
    public String kind;

    @JsonPropertyDescription("The action in words, e.g. 'journalMaxGroupWaitMSec 1 -> 2'.")
    public String description;

    @JsonPropertyDescription("For a setting: the knob name.")
    public String knob;

    @JsonPropertyDescription("Value (or replicas) before the change.")
    public String from;

    @JsonPropertyDescription("Value (or replicas) after the change.")
    public String to;

    @JsonPropertyDescription("DYNAMIC, ROLLING_RESTART_BROKERS, ROLLING_RESTART_BOOKIES or SCALE.")
    public String applyMethod;
  }

  /** The observation a decision started from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SnapshotSummary {
    @JsonPropertyDescription("Window start (RFC 3339).")
    public String windowStart;

    @JsonPropertyDescription("Window end (RFC 3339).")
    public String windowEnd;

    @JsonPropertyDescription("Broker replicas.")
    public Integer brokers;

    @JsonPropertyDescription("Bookie replicas.")
    public Integer bookies;

    @JsonPropertyDescription("Highest broker p99 publish latency, milliseconds.")
    public Double p99PublishLatencyMs;

    @JsonPropertyDescription("Highest CPU utilisation of any broker or bookie (ratio).")
    public Double peakCpuUtilisation;

    @JsonPropertyDescription("Spare throughput of the tightest resource (ratio).")
    public Double throughputHeadroom;

    @JsonPropertyDescription("Total messages per second in.")
    public Double msgRateIn;

    @JsonPropertyDescription("Fraction of expected readings present.")
    public Double completeness;

    @JsonPropertyDescription("Collection problems, in words.")
    public List<String> problems;
  }

  /** A prediction: means and spreads. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PredictionRecord {
    @JsonPropertyDescription("Predicted p99 publish latency, milliseconds.")
    public Double p99PublishLatencyMs;

    @JsonPropertyDescription("Spread of the p99 prediction, milliseconds.")
    public Double p99SpreadMs;

    @JsonPropertyDescription("Predicted peak CPU utilisation (ratio).")
    public Double peakCpuUtilisation;

    @JsonPropertyDescription("Spread of the CPU prediction.")
    public Double peakCpuSpread;

    @JsonPropertyDescription("Predicted throughput headroom (ratio).")
    public Double throughputHeadroom;

    @JsonPropertyDescription("Spread of the headroom prediction.")
    public Double throughputHeadroomSpread;
  }
}
