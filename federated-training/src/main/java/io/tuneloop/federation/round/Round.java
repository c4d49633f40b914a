package io.tuneloop.federation.round;

import io.tuneloop.federation.aggregation.Contribution;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.Participant;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.wire.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One open aggregation round: the updates accepted so far for the round after {@code baseline},
 * each held with the transport receipt that will be acknowledged once the next baseline is
 * published. Pure bookkeeping, no I/O, so the protocol's rules are testable without a broker.
 *
 * <p>Rules, in order: a receipt already held is a redelivery (ignored, not counted); then schema,
 * round (late or future), baseline version, dimension; then at most one update per cluster.
 *
 * @param <R> the transport's receipt type (a Pulsar MessageId in production)
 */
public final class Round<R> {
  private final Baseline baseline;
  private final String schemaVersion;
  private final String schemaFingerprint;
  private final RoundPolicy policy;
  private final Map<String, Held<R>> byCluster = new LinkedHashMap<>();
  private final Set<R> receipts = new HashSet<>();
  private final EnumMap<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
  private Instant firstAccepted;

  private record Held<R>(ModelUpdate update, R receipt) {}

  public Round(
      Baseline baseline, String schemaVersion, String schemaFingerprint, RoundPolicy policy) {
    if (!baseline.fits(schemaVersion, schemaFingerprint)) {
      throw new IllegalArgumentException(
          baseline + " is not for schema " + schemaVersion + "/" + schemaFingerprint);
    }
    this.baseline = baseline;
    this.schemaVersion = schemaVersion;
    this.schemaFingerprint = schemaFingerprint;
    this.policy = policy;
  }

  public Baseline baseline() {
    return baseline;
  }

  /** The round number the accepted updates carry. */
  public long id() {
    return baseline.nextRound();
  }

  public Verdict offer(ModelUpdate u, R receipt, Instant now) {
    if (receipts.contains(receipt)) {
      return Verdict.redelivered();
    }
    Verdict v = check(u);
    if (v.outcome() == Verdict.Outcome.REJECTED) {
      rejected.merge(v.reason().orElseThrow(), 1L, Long::sum);
      return v;
    }
    byCluster.put(u.clusterId(), new Held<>(u, receipt));
    receipts.add(receipt);
    if (firstAccepted == null) {
      firstAccepted = now;
    }
    return v;
  }

  /** Counts a message that never became an update (it failed to decode). */
  public void countMalformed(RejectionReason reason) {
    rejected.merge(reason, 1L, Long::sum);
  }

  private Verdict check(ModelUpdate u) {
    if (!u.schemaVersion().equals(schemaVersion)
        || !u.schemaFingerprint().equals(schemaFingerprint)) {
      return Verdict.rejected(
          RejectionReason.SCHEMA_MISMATCH,
          "update from "
              + u.clusterId()
              + " is for feature schema "
              + u.schemaVersion()
              + "/"
              + u.schemaFingerprint()
              + ", expected "
              + schemaVersion
              + "/"
              + schemaFingerprint);
    }
    if (u.roundId() < id()) {
      return Verdict.rejected(
          RejectionReason.LATE,
          "update from "
              + u.clusterId()
              + " is for round "
              + u.roundId()
              + ", which was already aggregated; the open round is "
              + id());
    }
    if (u.roundId() > id()) {
      return Verdict.rejected(
          RejectionReason.FUTURE_ROUND,
          "update from "
              + u.clusterId()
              + " is for round "
              + u.roundId()
              + ", open round is "
              + id());
    }
    if (u.baselineVersion() != baseline.version()) {
      return Verdict.rejected(
          RejectionReason.BASELINE_MISMATCH,
          "update from "
              + u.clusterId()
              + " is relative to baseline "
              + u.baselineVersion()
              + ", round "
              + id()
              + " extends baseline "
              + baseline.version());
    }
    if (u.dimension() != baseline.dimension()) {
      return Verdict.rejected(
          RejectionReason.DIMENSION_MISMATCH,
          "update from "
              + u.clusterId()
              + " has "
              + u.dimension()
              + " parameters, the baseline has "
              + baseline.dimension());
    }
    if (byCluster.containsKey(u.clusterId())) {
      return Verdict.rejected(
          RejectionReason.DUPLICATE,
          "cluster " + u.clusterId() + " already sent an update for round " + id());
    }
    return Verdict.accepted();
  }

  public int size() {
    return byCluster.size();
  }

  public boolean isComplete(Instant now) {
    if (size() >= policy.targetSize()) {
      return true;
    }
    return firstAccepted != null
        && size() >= policy.minSize()
        && !Duration.between(firstAccepted, now).minus(policy.timeout()).isNegative();
  }

  /** When the timeout will close this round, if it has started. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(firstAccepted).map(t -> t.plus(policy.timeout()));
  }

  public List<Contribution> contributions() {
    List<Contribution> out = new ArrayList<>(byCluster.size());
    for (Held<R> h : byCluster.values()) {
      out.add(
          new Contribution(h.update().clusterId(), h.update().sampleCount(), h.update().delta()));
    }
    return out;
  }

  public List<Participant> participants() {
    List<Participant> out = new ArrayList<>(byCluster.size());
    for (Held<R> h : byCluster.values()) {
      out.add(
          new Participant(h.update().clusterId(), h.update().sampleCount(), h.update().l2Norm()));
    }
    return out;
  }

  /** Every receipt to acknowledge once the round's baseline is published. */
  public List<R> receipts() {
    List<R> out = new ArrayList<>(byCluster.size());
    for (Held<R> h : byCluster.values()) {
      out.add(h.receipt());
    }
    return out;
  }

  /** Rejections counted while this round was open. */
  public Map<RejectionReason, Long> rejected() {
    return Map.copyOf(rejected);
  }
}
