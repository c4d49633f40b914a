package io.tuneloop.tuning.knobs;

/** Where a knob's value lives in a cluster deployed by the Apache Pulsar Helm chart. */
public enum KnobLocation {
  /** Broker dynamic configuration (admin API), mirrored in the {@code <release>-broker} map. */
  BROKER_DYNAMIC_CONFIG,
  /** {@code broker.conf}: the {@code <release>-broker} ConfigMap; needs a broker restart. */
  BROKER_CONF,
  /** {@code bookkeeper.conf}: the {@code <release>-bookie} ConfigMap; needs a bookie restart. */
  BOOKKEEPER_CONF,
  /** Replicas of the {@code <release>-broker} StatefulSet. */
  BROKER_REPLICAS,
  /** Replicas of the {@code <release>-bookie} StatefulSet. */
  BOOKIE_REPLICAS
}
