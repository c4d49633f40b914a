package io.tuneloop.tuning.planner;

import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import java.util.OptionalDouble;

/**
 * What the observed broker CPU says a candidate's broker count can carry, independent of the model:
 * the hottest broker's CPU scaled by the brokers that served the load over the brokers the
 * candidate would have. The model learns how brokers relieve CPU from data; when it has not learned
 * it (a saturated cluster looks much like any slow one to a network fed served, not offered, load),
 * this projection still knows that one broker at 97% CPU cannot carry the load and that a setting
 * change does not add CPU. Under saturation the observed CPU is only a lower bound of the demand,
 * so the projection is optimistic then: it never asks for more brokers than needed.
 *
 * <p>Brokers only: a broker's CPU is per-message and per-byte work that its dynamic settings barely
 * change, whereas a bookie's capacity moves with its journal settings (group commit), which only
 * the model can weigh.
 *
 * @param brokerCpu the hottest broker's CPU utilisation, empty when no broker reported it
 * @param brokersReporting brokers whose CPU was observed (the pods that carried the load)
 */
public record CapacityProjection(OptionalDouble brokerCpu, int brokersReporting) {

  public CapacityProjection {
    if (brokerCpu.isPresent() != brokersReporting > 0) {
      throw new IllegalArgumentException(
          "broker CPU " + brokerCpu + " does not match " + brokersReporting + " reporting brokers");
    }
  }

  /** The projection the snapshot supports; empty when no broker reported CPU. */
  public static CapacityProjection of(ClusterSnapshot s) {
    return new CapacityProjection(
        s.brokers().stream()
            .map(n -> n.get(BrokerMetric.CPU_UTILISATION))
            .filter(r -> r.isPresent())
            .mapToDouble(r -> r.value())
            .max(),
        (int)
            s.brokers().stream()
                .map((NodeSnapshot<BrokerMetric> n) -> n.get(BrokerMetric.CPU_UTILISATION))
                .filter(r -> r.isPresent())
                .count());
  }

  /** The hottest broker's CPU if the observed load were spread over the candidate's brokers. */
  public OptionalDouble brokerCpuAt(ClusterSettings candidate) {
    return brokerCpu.isPresent()
        ? OptionalDouble.of(brokerCpu.getAsDouble() * brokersReporting / candidate.brokers())
        : OptionalDouble.empty();
  }
}
