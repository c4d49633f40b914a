package io.tuneloop.operator.local;

import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.env.RetryableApplyFailure;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.KnobRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pulsar.client.admin.PulsarAdminException;

/**
 * A Pulsar cluster reached only through its admin API and metrics endpoints ({@code --local} mode,
 * no Kubernetes). It applies dynamic broker settings, and restart-required settings only when it
 * has a {@link RestartActuator} (the demo's local broker). Replicas cannot change without
 * Kubernetes: {@link #applicable(Bounds, ClusterSettings)} narrows a cluster's bounds to what this
 * environment can do, so the planner never proposes the rest, and {@link #apply} still refuses it
 * with a reason and changes nothing. A Pulsar admin failure that may pass (no answer, 5xx) is
 * thrown as a {@link RetryableApplyFailure}, as on Kubernetes, so the change stays in flight.
 */
public final class LocalPulsarEnvironment implements Environment {
  private final SnapshotSource telemetry;
  private final PulsarAdminActuator dynamic;
  private final Optional<RestartActuator> restarts;
  private final Duration settle;
  private final Clock clock;

  public LocalPulsarEnvironment(
      SnapshotSource telemetry, PulsarAdminActuator dynamic, Duration settle, Clock clock) {
    this(telemetry, dynamic, Optional.empty(), settle, clock);
  }

  /**
   * @param restarts applies restart-required settings by restarting the cluster, when it can
   */
  public LocalPulsarEnvironment(
      SnapshotSource telemetry,
      PulsarAdminActuator dynamic,
      Optional<RestartActuator> restarts,
      Duration settle,
      Clock clock) {
    this.telemetry = telemetry;
    this.dynamic = dynamic;
    this.restarts = restarts;
    this.settle = settle;
    this.clock = clock;
  }

  /** Whether this environment can change {@code knob} at all. */
  public boolean canApply(Knob knob) {
    return switch (knob.applyMethod()) {
      case DYNAMIC -> true;
      case SCALE -> false;
      default -> restarts.isPresent();
    };
  }

  /**
   * {@code requested} narrowed to what this environment can do: replicas fixed at the current
   * counts, and only the knobs it can apply.
   */
  public Bounds applicable(Bounds requested, ClusterSettings current) {
    Map<String, KnobRange> knobs = new LinkedHashMap<>();
    requested
        .allowedKnobs()
        .forEach(
            (name, range) -> {
              if (canApply(KnobCatalog.standard().get(name))) {
                knobs.put(name, range);
              }
            });
    return new Bounds(
        current.brokers(),
        current.brokers(),
        current.bookies(),
        current.bookies(),
        requested.maxReplicaStep(),
        knobs);
  }

  /** What {@link #applicable} took away from {@code requested}, in words; empty if nothing. */
  public List<String> limits(Bounds requested, ClusterSettings current) {
    List<String> out = new ArrayList<>();
    if (requested.minBrokers() != requested.maxBrokers()
        || requested.minBookies() != requested.maxBookies()) {
      out.add(
          "replicas stay at "
              + current.brokers()
              + " broker(s) and "
              + current.bookies()
              + " bookie(s): scaling needs Kubernetes StatefulSets");
    }
    List<String> restartOnly =
        requested.allowedKnobs().keySet().stream()
            .filter(n -> !canApply(KnobCatalog.standard().get(n)))
            .toList();
    if (!restartOnly.isEmpty()) {
      out.add(
          restartOnly
              + " need a restart, and this local cluster cannot be restarted from here; they"
              + " are left alone");
    }
    return out;
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    ClusterSnapshot s = telemetry.observe();
    List<String> problems = new ArrayList<>(s.problems());
    Map<String, String> values = new TreeMap<>(s.settings().values());
    restarts.ifPresent(
        r -> {
          Map<String, String> conf = r.settings();
          for (Knob k : KnobCatalog.standard().settings()) {
            if (k.applyMethod() != ApplyMethod.DYNAMIC && conf.containsKey(k.name())) {
              values.put(k.name(), conf.get(k.name()));
            }
          }
        });
    try {
      Map<String, String> all = dynamic.all();
      for (Knob k : KnobCatalog.standard().settings()) {
        if (k.applyMethod() == ApplyMethod.DYNAMIC && all.containsKey(k.name())) {
          values.put(k.name(), all.get(k.name()));
        }
      }
    } catch (PulsarAdminException e) {
      problems.add("could not read dynamic configuration: " + e.getMessage());
    }
    return new ClusterSnapshot(
        s.clusterId(),
        s.windowStart(),
        s.windowEnd(),
        s.brokers(),
        s.bookies(),
        s.messageSizes(),
        new ClusterSettings(s.settings().brokers(), s.settings().bookies(), values),
        problems);
  }

  @Override
  public ApplyOutcome apply(Action action) {
    Instant now = now();
    if (action instanceof Action.NoOp) {
      return ApplyOutcome.applied(action, now, "nothing to do", Duration.ZERO);
    }
    if (action instanceof Action.ChangeSetting c && c.knob().applyMethod() == ApplyMethod.DYNAMIC) {
      try {
        PulsarAdminActuator.Result r = dynamic.set(c.knob().name(), c.knob().format(c.to()));
        return ApplyOutcome.applied(action, now, r.detail(), settle);
      } catch (PulsarAdminException e) {
        // As on Kubernetes: no answer or a 5xx leaves the decision in flight to be retried with
        // backoff (the update may even have been taken); a 4xx is the brokers refusing it.
        if (RetryableApplyFailure.mayPass(e)) {
          throw RetryableApplyFailure.ofPulsarAdmin(e);
        }
        return ApplyOutcome.failed(action, now, "Pulsar admin API: " + e.getMessage());
      }
    }
    if (action instanceof Action.ChangeSetting c
        && c.knob().applyMethod() != ApplyMethod.SCALE
        && restarts.isPresent()) {
      return restart(c, restarts.get());
    }
    return ApplyOutcome.refused(
        action,
        now,
        action.describe()
            + (action.applyMethod() == ApplyMethod.SCALE
                ? " needs Kubernetes (StatefulSets); --local cannot change replicas"
                : " needs Kubernetes (StatefulSets, ConfigMaps); --local applies only"
                    + " dynamic broker settings"));
  }

  private ApplyOutcome restart(Action.ChangeSetting c, RestartActuator r) {
    String name = c.knob().name();
    String target = c.knob().format(c.to());
    if (target.equals(r.settings().get(name))) {
      // Idempotent: a pass resumed after the restart finds the value in effect.
      return ApplyOutcome.applied(c, now(), name + " is already " + target, settle);
    }
    try {
      String detail = r.restartWith(name, target);
      return ApplyOutcome.applied(c, now(), detail, settle);
    } catch (RuntimeException e) {
      return ApplyOutcome.failed(
          c, now(), "restart with " + name + "=" + target + " failed: " + e.getMessage());
    }
  }

  @Override
  public Instant now() {
    return clock.instant();
  }
}
