package io.tuneloop.tuning.model;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.util.Optional;

/** What was measured in a window, for the same targets the model predicts. */
public record ObservedOutcome(double p99LatencyMs, double peakCpuUtilisation, double headroom) {

  public ObservedOutcome {
    if (!Double.isFinite(p99LatencyMs) || p99LatencyMs < 0) {
      throw new IllegalArgumentException(
          "observed p99 " + p99LatencyMs + " ms must be a finite number >= 0");
    }
    if (!Double.isFinite(peakCpuUtilisation) || peakCpuUtilisation < 0) {
      throw new IllegalArgumentException(
          "observed peak CPU " + peakCpuUtilisation + " must be a finite number >= 0");
    }
    if (!Double.isFinite(headroom)) {
      throw new IllegalArgumentException("observed headroom " + headroom + " is not finite");
    }
  }

  public double get(Target t) {
    return switch (t) {
      case P99_PUBLISH_LATENCY_MS -> p99LatencyMs;
      case PEAK_CPU_UTILISATION -> peakCpuUtilisation;
      case THROUGHPUT_HEADROOM -> headroom;
    };
  }

  /**
   * The outcome a snapshot shows: the highest broker p99 publish latency, the highest CPU of any
   * broker or bookie, and headroom as {@code 1 - peak CPU} (a snapshot carries no capacity, so CPU
   * is the tightest resource it can see; the twin, which knows capacity, may build outcomes
   * directly). Empty when the snapshot lacks latency or CPU: an outcome is never guessed.
   */
  public static Optional<ObservedOutcome> from(ClusterSnapshot snapshot) {
    Reading p99 = snapshot.brokers(BrokerMetric.PUBLISH_LATENCY_P99, Aggregation.MAX);
    Reading brokerCpu = snapshot.brokers(BrokerMetric.CPU_UTILISATION, Aggregation.MAX);
    Reading bookieCpu = snapshot.bookies(BookieMetric.CPU_UTILISATION, Aggregation.MAX);
    if (!p99.isPresent() || (!brokerCpu.isPresent() && !bookieCpu.isPresent())) {
      return Optional.empty();
    }
    double cpu =
        Math.max(
            brokerCpu.valueOr(Double.NEGATIVE_INFINITY),
            bookieCpu.valueOr(Double.NEGATIVE_INFINITY));
    return Optional.of(new ObservedOutcome(p99.value(), Math.max(0, cpu), 1 - cpu));
  }
}
