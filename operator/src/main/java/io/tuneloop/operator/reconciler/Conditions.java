package io.tuneloop.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Status conditions in the Kubernetes convention: one per type, transition time kept. */
final class Conditions {
  static final String READY = "Ready";
  static final String TELEMETRY_HEALTHY = "TelemetryHealthy";
  static final String MODEL_READY = "ModelReady";
  static final String PAUSED = "Paused";
  static final String DEGRADED = "Degraded";
  static final String FEDERATED = "Federated";
  static final String PROGRESSING = "Progressing";

  private Conditions() {}

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Sets one condition; the transition time changes only when the status does. */
  static void set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Instant now,
      Long generation) {
    String s = status ? "True" : "False";
    Optional<Condition> old = find(conditions, type);
    String since =
        old.filter(c -> s.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(s)
            .withReason(reason)
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withLastTransitionTime(since)
            .withObservedGeneration(generation)
            .build());
    conditions.sort(java.util.Comparator.comparing(Condition::getType));
  }
}
