package io.tuneloop.tuning.guards;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import java.util.Locale;
import java.util.Optional;

/**
 * When adding capacity cannot wait: the action adds brokers or bookies and the snapshot shows the
 * SLO being missed. Adding a pod takes nothing down and weakens no durability setting, so the
 * guards that only pace changes (cooldown, stabilisation, one disruptive change at a time) yield to
 * it: a bookie roll in flight or a recent change must not keep an overloaded cluster overloaded.
 * The guards that protect data or people (mode, bounds, denylist, freshness, under-replication,
 * change budget, rollback breaker) never yield.
 *
 * @param sloP99Ms the p99 publish latency objective; missed when the highest broker p99 exceeds it
 */
public record UrgentScaleUp(double sloP99Ms) {

  public UrgentScaleUp {
    if (!(sloP99Ms > 0) || !Double.isFinite(sloP99Ms)) {
      throw new IllegalArgumentException("sloP99Ms=" + sloP99Ms + " must be a finite number > 0");
    }
  }

  /** Why {@code action} is an urgent scale-up in {@code context}; empty when it is not one. */
  public Optional<String> why(Action action, GuardContext context) {
    boolean addsCapacity =
        (action instanceof Action.ScaleBrokers b && b.delta() > 0)
            || (action instanceof Action.ScaleBookies k && k.delta() > 0);
    if (!addsCapacity) {
      return Optional.empty();
    }
    Reading p99 = context.snapshot().brokers(BrokerMetric.PUBLISH_LATENCY_P99, Aggregation.MAX);
    if (!p99.isPresent() || !(p99.value() > sloP99Ms)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s adds capacity while p99 %.1f ms misses the %.1f ms SLO",
            action.describe(),
            p99.value(),
            sloP99Ms));
  }
}
