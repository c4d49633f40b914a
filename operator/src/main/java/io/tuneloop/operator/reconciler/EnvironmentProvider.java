package io.tuneloop.operator.reconciler;

import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.tuning.env.Environment;

/**
 * Gives the environment for a validated cluster spec. Implementations may cache per cluster and
 * spec generation, and must release what they hold on {@link #close()}.
 */
public interface EnvironmentProvider extends AutoCloseable {
  Environment environment(ClusterPlan plan, long generation);

  @Override
  default void close() {}
}
