package io.tuneloop.tuning.model;

import java.util.Objects;

/** What a model expects in the window that shows a candidate action's outcome. */
public record Prediction(
    Estimate p99LatencyMs, Estimate peakCpuUtilisation, Estimate throughputHeadroom) {

  public Prediction {
    Objects.requireNonNull(p99LatencyMs, "p99LatencyMs");
    Objects.requireNonNull(peakCpuUtilisation, "peakCpuUtilisation");
    Objects.requireNonNull(throughputHeadroom, "throughputHeadroom");
  }

  public Estimate get(Target target) {
    return switch (target) {
      case P99_PUBLISH_LATENCY_MS -> p99LatencyMs;
      case PEAK_CPU_UTILISATION -> peakCpuUtilisation;
      case THROUGHPUT_HEADROOM -> throughputHeadroom;
    };
  }

  /** A prediction without uncertainty, for ground truth (the twin's oracle) and tests. */
  public static Prediction exact(double p99Ms, double peakCpu, double headroom) {
    return new Prediction(Estimate.exact(p99Ms), Estimate.exact(peakCpu), Estimate.exact(headroom));
  }

  /** Short form for reasons and records. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "p99 %.1f±%.1f ms, cpu %.2f±%.2f, headroom %.2f±%.2f",
        p99LatencyMs.mean(),
        p99LatencyMs.spread(),
        peakCpuUtilisation.mean(),
        peakCpuUtilisation.spread(),
        throughputHeadroom.mean(),
        throughputHeadroom.spread());
  }
}
