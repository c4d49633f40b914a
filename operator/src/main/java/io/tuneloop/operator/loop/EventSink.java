package io.tuneloop.operator.loop;

/** Announces what happened to a cluster: Kubernetes Events, or the log in local mode. */
@FunctionalInterface
public interface EventSink {
  /**
   * @param warning whether this is a Warning (otherwise Normal)
   * @param reason a short CamelCase reason, e.g. {@code DecisionApplied}
   */
  void emit(boolean warning, String reason, String message);
}
