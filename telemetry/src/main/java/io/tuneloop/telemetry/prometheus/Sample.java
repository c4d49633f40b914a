package io.tuneloop.telemetry.prometheus;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One sample line: its own name (for a histogram family {@code x} that is {@code x_bucket}, {@code
 * x_sum} or {@code x_count}), labels, value and optional timestamp in milliseconds since the epoch.
 */
public record Sample(String name, Labels labels, double value, OptionalLong timestampMillis) {

  public Sample {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(timestampMillis, "timestampMillis");
  }

  /** A sample without a timestamp. */
  public Sample(String name, Labels labels, double value) {
    this(name, labels, value, OptionalLong.empty());
  }

  /** Shorthand for {@code labels().getOrNull(label)}. */
  public String label(String label) {
    return labels.getOrNull(label);
  }
}
