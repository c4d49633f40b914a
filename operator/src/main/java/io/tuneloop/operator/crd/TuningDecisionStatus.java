package io.tuneloop.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a decision is in its life, and what came of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TuningDecisionStatus {

  /**
   * Life of a decision. Planned, Applied and Stalled are in flight; the rest are final. Stalled is
   * a change whose progress deadline passed while a pod was unready: it stays in flight, so that
   * the cluster gets no other change, but touches nothing more; once the pods are ready it ends
   * Abandoned (left as far as it got), never resumed, except a scale whose target was reached after
   * all, which goes back to Applied and is verified.
   */
  public enum Phase {
    Planned,
    Applied,
    Verified,
    RolledBack,
    Rejected,
    Recommended,
    Stalled,
    Abandoned;

    public boolean isFinal() {
      return this != Planned && this != Applied && this != Stalled;
    }
  }

  @JsonPropertyDescription(
      "Planned, Applied, Stalled (in flight), Verified, RolledBack, Rejected, Recommended or"
          + " Abandoned (final).")
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

  @JsonPropertyDescription(
      "Where the change in flight stood when it last made progress, as the cluster showed it.")
  public String progress;

  @JsonPropertyDescription(
      "When the change in flight last made progress (RFC 3339); the progress deadline counts from"
          + " here, so it survives an operator restart.")
  public String lastProgressAt;

  @JsonPropertyDescription("The pod the change in flight waits for, while one is unready.")
  public String waitingForPod;

  @JsonPropertyDescription("When the progress deadline was found exceeded (RFC 3339).")
  public String stalledAt;

  @JsonPropertyDescription(
      "Consecutive failed attempts at the current step; the retry backoff doubles with each.")
  public Integer failedAttempts;

  @JsonPropertyDescription("No attempt at the current step before this time (RFC 3339).")
  public String nextAttemptAt;

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
