package io.tuneloop.operator.local;

import io.tuneloop.operator.actuators.PulsarAdminActuator;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pulsar.client.admin.PulsarAdminException;

/**
 * A Pulsar cluster reached only through its admin API and metrics endpoints ({@code --local} mode,
 * no Kubernetes). It applies dynamic broker settings; replicas and restart-required settings need
 * Kubernetes, so those actions are refused with a reason and nothing is changed.
 */
public final class LocalPulsarEnvironment implements Environment {
  private final SnapshotSource telemetry;
  private final PulsarAdminActuator dynamic;
  private final Duration settle;
  private final Clock clock;

  public LocalPulsarEnvironment(
      SnapshotSource telemetry, PulsarAdminActuator dynamic, Duration settle, Clock clock) {
    this.telemetry = telemetry;
    this.dynamic = dynamic;
    this.settle = settle;
    this.clock = clock;
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    ClusterSnapshot s = telemetry.observe();
    List<String> problems = new ArrayList<>(s.problems());
    Map<String, String> values = new TreeMap<>(s.settings().values());
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
        return ApplyOutcome.failed(action, now, "Pulsar admin API: " + e.getMessage());
      }
    }
    return ApplyOutcome.refused(
        action,
        now,
        action.describe()
            + " needs Kubernetes (StatefulSets, ConfigMaps); --local applies only"
            + " dynamic broker settings");
  }

  @Override
  public Instant now() {
    return clock.instant();
  }
}
