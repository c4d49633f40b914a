package io.tuneloop.telemetry.promql;

import java.time.Instant;
import java.util.Objects;

/** One (timestamp, value) pair of a PromQL result; the value may be NaN or infinite. */
public record Point(Instant time, double value) {

  public Point {
    Objects.requireNonNull(time, "time");
  }
}
