package io.tuneloop.telemetry.promql;

import io.tuneloop.telemetry.prometheus.Labels;
import java.util.List;
import java.util.Objects;

/** One series of a range query: its labels and its points in time order. */
public record RangeSeries(Labels labels, List<Point> points) {

  public RangeSeries {
    Objects.requireNonNull(labels, "labels");
    points = List.copyOf(points);
  }
}
