package io.tuneloop.operator.loop;

import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The environment the loop tests run against: {@link ScriptedTelemetry} with the replicas and
 * settings the test sets, overlaid as the Kubernetes environment overlays them. Each action is
 * handed to the test's reaction (which may change the settings or the latency, or fail the test),
 * then recorded as applied.
 */
final class ScriptedEnvironment implements Environment {
  private final Clock clock;
  private final ScriptedTelemetry telemetry;
  private final BiConsumer<ScriptedEnvironment, Action> reaction;
  private final List<Action> applied = new ArrayList<>();
  private volatile ClusterSettings settings;

  ScriptedEnvironment(Clock clock, ClusterSettings settings) {
    this(clock, settings, (env, action) -> {});
  }

  ScriptedEnvironment(
      Clock clock, ClusterSettings settings, BiConsumer<ScriptedEnvironment, Action> reaction) {
    this.clock = clock;
    this.telemetry = new ScriptedTelemetry(clock);
    this.settings = settings;
    this.reaction = reaction;
  }

  ScriptedTelemetry telemetry() {
    return telemetry;
  }

  void settings(ClusterSettings s) {
    settings = s;
  }

  ClusterSettings settings() {
    return settings;
  }

  /** The actions applied so far, in order. */
  List<Action> applied() {
    return List.copyOf(applied);
  }

  @Override
  public ClusterSnapshot observe() {
    ClusterSnapshot s = telemetry.observe();
    return new ClusterSnapshot(
        s.clusterId(),
        s.windowStart(),
        s.windowEnd(),
        s.brokers(),
        s.bookies(),
        s.messageSizes(),
        settings,
        s.problems());
  }

  @Override
  public ApplyOutcome apply(Action action) {
    reaction.accept(this, action);
    applied.add(action);
    return ApplyOutcome.applied(action, clock.instant(), "applied", Duration.ZERO);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }
}
