package io.tuneloop.operator.actuators;

import java.util.OptionalLong;

/**
 * How many ledgers are under-replicated right now. Empty means unknown, which every caller treats
 * as unsafe: no pod is taken down on an unknown.
 */
@FunctionalInterface
public interface ReplicationStatus {
  OptionalLong underReplicatedLedgers();
}
