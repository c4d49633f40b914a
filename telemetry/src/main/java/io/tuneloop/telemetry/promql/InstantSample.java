package io.tuneloop.telemetry.promql;

import io.tuneloop.telemetry.prometheus.Labels;
import java.util.Objects;

/** One element of an instant vector: a series' labels (with {@code __name__} if kept) and value. */
public record InstantSample(Labels labels, Point point) {

  public InstantSample {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(point, "point");
  }

  public double value() {
    return point.value();
  }
}
