package io.tuneloop.operator.env;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.actuators.RollProgress;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.pulsar.client.admin.PulsarAdminException;

/**
 * A real Pulsar cluster on Kubernetes, deployed the way the Apache Pulsar Helm chart deploys it.
 * Telemetry comes from a {@link SnapshotSource}; the current replicas and settings are read from
 * the cluster itself (StatefulSets, the bookie ConfigMap, the brokers' dynamic configuration), so a
 * decision is always based on what is really configured.
 *
 * <p>{@link #apply} is idempotent and incremental: a rolling restart or a bookie decommission
 * advances by at most one step per call and reports {@code STARTED} until it is complete. The
 * caller (the tuning loop) calls again until {@code APPLIED}.
 */
public final class KubernetesPulsarEnvironment implements Environment {
  private final ClusterPlan plan;
  private final SnapshotSource telemetry;
  private final StatefulSetScaler scaler;
  private final RollingConfigActuator roller;
  private final BookieDecommissioner decommissioner;
  private final PulsarAdminActuator dynamic;
  private final Clock clock;

  public KubernetesPulsarEnvironment(
      ClusterPlan plan,
      SnapshotSource telemetry,
      StatefulSetScaler scaler,
      RollingConfigActuator roller,
      BookieDecommissioner decommissioner,
      PulsarAdminActuator dynamic,
      Clock clock) {
    this.plan = plan;
    this.telemetry = telemetry;
    this.scaler = scaler;
    this.roller = roller;
    this.decommissioner = decommissioner;
    this.dynamic = dynamic;
    this.clock = clock;
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    ClusterSnapshot s = telemetry.observe();
    ClusterSettings settings = currentSettings(s.settings());
    return new ClusterSnapshot(
        s.clusterId(),
        s.windowStart(),
        s.windowEnd(),
        s.brokers(),
        withUnderReplication(s.bookies()),
        s.messageSizes(),
        settings,
        s.problems());
  }

  /**
   * Neither PromQL nor the bookies' /metrics carry under-replicated ledgers (the auditor knows
   * them): without this overlay the under-replication guard, finding the count unknown, would veto
   * every rolling restart. The cluster-wide count from the bookie admin API goes on each bookie
   * that lacks it; when the API does not answer, the reading stays absent and says so.
   */
  private List<NodeSnapshot<BookieMetric>> withUnderReplication(
      List<NodeSnapshot<BookieMetric>> bookies) {
    if (bookies.stream().allMatch(b -> b.get(BookieMetric.UNDER_REPLICATED_LEDGERS).isPresent())) {
      return bookies;
    }
    OptionalLong under = roller.underReplicatedLedgers();
    Instant at = clock.instant();
    Reading reading =
        under.isPresent()
            ? Reading.of(under.getAsLong(), at, "bookie admin API")
            : Reading.absent(
                "under-replicated ledgers unknown: the bookie admin API did not answer");
    List<NodeSnapshot<BookieMetric>> out = new ArrayList<>();
    for (NodeSnapshot<BookieMetric> b : bookies) {
      if (b.get(BookieMetric.UNDER_REPLICATED_LEDGERS).isPresent()) {
        out.add(b);
        continue;
      }
      Map<BookieMetric, Reading> r = new EnumMap<>(b.readings());
      r.put(BookieMetric.UNDER_REPLICATED_LEDGERS, reading);
      out.add(NodeSnapshot.bookie(b.name(), r));
    }
    return out;
  }

  /** Replicas from the StatefulSets, knob values from ConfigMaps and dynamic configuration. */
  ClusterSettings currentSettings(ClusterSettings reported) throws TelemetryException {
    String ns = plan.namespace();
    Map<String, String> values = new TreeMap<>(reported.values());
    int brokers = reported.brokers();
    int bookies = reported.bookies();
    try {
      brokers = scaler.replicas(ns, plan.broker().statefulSet());
      bookies = scaler.replicas(ns, plan.bookie().statefulSet());
      for (Knob k : KnobCatalog.standard().settings()) {
        if (k.applyMethod() == ApplyMethod.ROLLING_RESTART_BOOKIES) {
          roller
              .currentValue(ns, plan.bookie().configMap(), k.name())
              .ifPresent(v -> values.put(k.name(), v));
        } else if (k.applyMethod() == ApplyMethod.ROLLING_RESTART_BROKERS) {
          roller
              .currentValue(ns, plan.broker().configMap(), k.name())
              .ifPresent(v -> values.put(k.name(), v));
        }
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      // Without the real replicas and settings a decision would start from wrong values: hold.
      throw new TelemetryException(
          "could not read the workloads' replicas and settings: " + e.getMessage(), e);
    }
    if (dynamic != null) {
      try {
        Map<String, String> all = dynamic.all();
        for (Knob k : KnobCatalog.standard().settings()) {
          if (k.applyMethod() == ApplyMethod.DYNAMIC && all.containsKey(k.name())) {
            values.put(k.name(), all.get(k.name()));
          }
        }
      } catch (PulsarAdminException e) {
        throw new TelemetryException(
            "could not read the brokers' dynamic configuration (status "
                + e.getStatusCode()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    return new ClusterSettings(brokers, bookies, values);
  }

  @Override
  public ApplyOutcome apply(Action action) {
    Instant now = now();
    Duration settle = plan.guardrails().settleWindow();
    try {
      if (action instanceof Action.ScaleBrokers s) {
        return scale(action, plan.broker().statefulSet(), s.to(), now, settle);
      }
      if (action instanceof Action.ScaleBookies s) {
        return s.to() >= s.from()
            ? scale(action, plan.bookie().statefulSet(), s.to(), now, settle)
            : scaleBookiesDown(s, now, settle);
      }
      if (action instanceof Action.ChangeSetting c) {
        return switch (c.knob().applyMethod()) {
          case DYNAMIC -> setDynamic(c, now, settle);
          case ROLLING_RESTART_BOOKIES -> roll(c, plan.bookie(), now, settle);
          case ROLLING_RESTART_BROKERS -> roll(c, plan.broker(), now, settle);
          case SCALE -> ApplyOutcome.failed(action, now, c.knob().name() + " is a replica count");
        };
      }
      return ApplyOutcome.applied(action, now, "nothing to do", Duration.ZERO);
    } catch (PulsarAdminException e) {
      if (RetryableApplyFailure.mayPass(e)) {
        throw RetryableApplyFailure.ofPulsarAdmin(e);
      }
      return ApplyOutcome.failed(action, now, "Pulsar admin API: " + e.getMessage());
    } catch (KubernetesClientException e) {
      // A roll or a decommission may be half done: never end it as failed, retry the step.
      throw new RetryableApplyFailure(
          "Kubernetes API (status " + e.getCode() + "): " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      return ApplyOutcome.failed(action, now, "Kubernetes: " + e.getMessage());
    }
  }

  /** Where a rolling change stands, for the decision record; empty for other actions. */
  public Optional<RollProgress> rollProgress(Action action) {
    if (action instanceof Action.ChangeSetting c) {
      ClusterPlan.Workload w =
          switch (c.knob().applyMethod()) {
            case ROLLING_RESTART_BOOKIES -> plan.bookie();
            case ROLLING_RESTART_BROKERS -> plan.broker();
            default -> null;
          };
      if (w != null) {
        return Optional.of(roller.progress(plan.namespace(), w.statefulSet()));
      }
    }
    return Optional.empty();
  }

  /**
   * Where {@code action} stands as a change that waits on pods (a rolling restart, a broker scale
   * or a bookie scale-up), without changing anything; empty for changes that do not wait on pods
   * (dynamic settings) or whose waits are not about readiness (a bookie decommission waits for
   * re-replication, which takes as long as the data takes), and when the cluster cannot be read now
   * (the next look will tell).
   */
  public Optional<ChangeProgress> progress(Action action) {
    String ns = plan.namespace();
    try {
      if (action instanceof Action.ChangeSetting) {
        Optional<RollProgress> roll = rollProgress(action);
        if (roll.isEmpty()) {
          return Optional.empty();
        }
        String sts = roll.get().statefulSet();
        return Optional.of(
            new ChangeProgress(roll.get().describe(), scaler.firstUnreadyPod(ns, sts)));
      }
      String sts;
      if (action instanceof Action.ScaleBrokers) {
        sts = plan.broker().statefulSet();
      } else if (action instanceof Action.ScaleBookies s && s.to() >= s.from()) {
        sts = plan.bookie().statefulSet();
      } else {
        return Optional.empty();
      }
      var st = scaler.get(ns, sts);
      Integer ready = st.getStatus() == null ? null : st.getStatus().getReadyReplicas();
      Integer current = st.getStatus() == null ? null : st.getStatus().getReplicas();
      return Optional.of(
          new ChangeProgress(
              sts
                  + ": "
                  + ready
                  + " ready of "
                  + current
                  + " replicas, "
                  + st.getSpec().getReplicas()
                  + " wanted",
              scaler.firstUnreadyPod(ns, sts)));
    } catch (KubernetesClientException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code action} is a scale through the StatefulSet's replicas (brokers either way, a
   * bookie scale-up) whose target is reached: the StatefulSet asks for exactly its target and every
   * replica is ready. Reads only; false for other actions and when the cluster cannot be read now.
   * A person who set the replicas to something else is not overruled: then it is not reached.
   */
  public boolean scaleReached(Action action) {
    String sts;
    int to;
    if (action instanceof Action.ScaleBrokers s) {
      sts = plan.broker().statefulSet();
      to = s.to();
    } else if (action instanceof Action.ScaleBookies s && s.to() >= s.from()) {
      sts = plan.bookie().statefulSet();
      to = s.to();
    } else {
      return false;
    }
    try {
      return scaler.replicas(plan.namespace(), sts) == to
          && scaler.isSettled(plan.namespace(), sts);
    } catch (KubernetesClientException | IllegalStateException e) {
      return false;
    }
  }

  private ApplyOutcome setDynamic(Action.ChangeSetting c, Instant now, Duration settle)
      throws PulsarAdminException {
    if (dynamic == null) {
      return ApplyOutcome.failed(c, now, "no Pulsar admin client configured");
    }
    PulsarAdminActuator.Result r = dynamic.set(c.knob().name(), c.knob().format(c.to()));
    return ApplyOutcome.applied(c, now, r.detail(), settle);
  }

  private ApplyOutcome roll(
      Action.ChangeSetting c, ClusterPlan.Workload w, Instant now, Duration settle) {
    RollProgress p =
        roller.apply(
            plan.namespace(),
            w.configMap(),
            w.statefulSet(),
            c.knob().name(),
            c.knob().format(c.to()));
    if (p.done()) {
      return ApplyOutcome.applied(c, now, p.describe(), settle);
    }
    return ApplyOutcome.started(c, now, p.describe(), settle);
  }

  private ApplyOutcome scale(Action action, String sts, int to, Instant now, Duration settle) {
    boolean changed = scaler.scaleTo(plan.namespace(), sts, to);
    if (scaler.isSettled(plan.namespace(), sts)) {
      return ApplyOutcome.applied(action, now, sts + " runs " + to + " ready replicas", settle);
    }
    return ApplyOutcome.started(
        action,
        now,
        (changed ? "scaled " : "waiting for ") + sts + " to " + to + " ready replicas",
        settle);
  }

  private ApplyOutcome scaleBookiesDown(Action.ScaleBookies s, Instant now, Duration settle) {
    String sts = plan.bookie().statefulSet();
    int current = scaler.replicas(plan.namespace(), sts);
    boolean underWay =
        Optional.ofNullable(scaler.get(plan.namespace(), sts).getMetadata().getAnnotations())
            .map(a -> a.containsKey(BookieDecommissioner.ORDINAL_ANNOTATION))
            .orElse(false);
    if (!underWay && current <= s.to()) {
      return ApplyOutcome.applied(s, now, sts + " is down to " + current + " bookies", settle);
    }
    int target = underWay ? current : current - 1;
    BookieDecommissioner.Step step = decommissioner.step(plan.namespace(), sts, target);
    if (!underWay && !step.done() && step.detail().startsWith("waiting before decommission")) {
      return ApplyOutcome.refused(s, now, step.detail());
    }
    if (step.done() && target <= s.to()) {
      return ApplyOutcome.applied(s, now, step.detail(), settle);
    }
    return ApplyOutcome.started(s, now, step.detail(), settle);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }
}
