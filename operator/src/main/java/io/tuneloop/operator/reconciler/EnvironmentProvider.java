package io.tuneloop.operator.reconciler;

import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.tuning.env.Environment;

/**
 * Gives the environment for a validated cluster spec. Implementations may cache per cluster and
 * spec generation, and must release what they hold for one cluster on {@link #forget} (it was
 * deleted) and for all on {@link #close()}.
 */
public interface EnvironmentProvider extends AutoCloseable, PerClusterState {
  Environment environment(ClusterPlan plan, long generation);

  /** Providers that cache nothing have nothing to forget. */
  @Override
  default void forget(String clusterId) {}

  @Override
  default void close() {}
}
