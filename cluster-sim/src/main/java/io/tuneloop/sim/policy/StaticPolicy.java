package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import java.util.List;

/**
 * The Apache Pulsar Helm chart's defaults, never changed: 3 brokers, 4 bookies, Pulsar's default
 * settings ({@code journalMaxGroupWaitMSec} 1). The benchmark starts every policy from this
 * configuration; this one simply keeps it.
 */
public final class StaticPolicy implements Policy {
  public static final int BROKERS = 3;
  public static final int BOOKIES = 4;

  @Override
  public String name() {
    return "static";
  }

  @Override
  public List<Action> decide(ClusterSnapshot snapshot) {
    return List.of();
  }
}
