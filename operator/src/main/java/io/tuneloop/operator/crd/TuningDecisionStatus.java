package io.tuneloop.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a decision is in its life, and what came of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TuningDecisionStatus {

  /** Life of a decision. Planned and Applied are in flight; the rest are final. */
  public enum Phase {
    Planned,
    Applied,
    Verified,
    RolledBack,
    Rejected,
    Recommended;

    public boolean isFinal() {
      return this != Planned && this != Applied;
    }
  }

  @JsonPropertyDescription("Planned, Applied, Verified, RolledBack, Rejected or Recommended.")
  public Phase phase;

  @JsonPropertyDescription("What happened last, in words.")
  public String message;

  @JsonPropertyDescription("When the decision was written (RFC 3339).")
  public String plannedAt;

  @JsonPropertyDescription("When the change was fully in effect (RFC 3339).")
  public String appliedAt;

  @JsonPropertyDescription("When the decision reached a final phase (RFC 3339).")
  public String finishedAt;

  @JsonPropertyDescription("Pods already restarted for this decision, in order (rolling restarts).")
  public List<String> restartedPods = new ArrayList<>();

  @JsonPropertyDescription(
      "Set when verification found a regression and the change is being undone.")
  public Boolean rollingBack;

  @JsonPropertyDescription("What was observed after the settle window.")
  public Outcome outcome;

  /** The observed result of an applied decision. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Outcome {
    @JsonPropertyDescription("Observed highest broker p99 publish latency, milliseconds.")
    public Double p99PublishLatencyMs;

    @JsonPropertyDescription("Observed highest CPU utilisation (ratio).")
    public Double peakCpuUtilisation;

    @JsonPropertyDescription("Observed throughput headroom (ratio).")
    public Double throughputHeadroom;

    @JsonPropertyDescription("Observed minus predicted p99, milliseconds.")
    public Double p99ErrorMs;

    @JsonPropertyDescription("Change of observed p99 against the window before, percent.")
    public Double p99ChangePercent;

    @JsonPropertyDescription("End of the window observed (RFC 3339).")
    public String observedAt;
  }
}
