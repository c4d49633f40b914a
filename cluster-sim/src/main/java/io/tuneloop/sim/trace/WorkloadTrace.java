package io.tuneloop.sim.trace;

import java.util.List;

/**
 * A named sequence of workload points, strictly increasing in time, starting at 0. Each point holds
 * until the next one; the last holds for {@code durationSeconds - last.tSeconds}. Intervals may
 * vary.
 */
public record WorkloadTrace(String name, List<WorkloadPoint> points, double durationSeconds) {

  public WorkloadTrace {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("trace name must not be blank");
    }
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("trace '" + name + "' has no points");
    }
    if (points.get(0).tSeconds() != 0) {
      throw new IllegalArgumentException(
          "trace '" + name + "' starts at t=" + points.get(0).tSeconds() + ", expected 0");
    }
    for (int i = 1; i < points.size(); i++) {
      if (!(points.get(i).tSeconds() > points.get(i - 1).tSeconds())) {
        throw new IllegalArgumentException(
            "trace '"
                + name
                + "' time goes from "
                + points.get(i - 1).tSeconds()
                + " to "
                + points.get(i).tSeconds()
                + " at point "
                + i
                + "; expected strictly increasing");
      }
    }
    double last = points.get(points.size() - 1).tSeconds();
    if (!(durationSeconds > last)) {
      throw new IllegalArgumentException(
          "trace '" + name + "' duration " + durationSeconds + " s must exceed the last t=" + last);
    }
  }

  /** The point in force at time {@code t} (the last one that started at or before it). */
  public WorkloadPoint at(double t) {
    int lo = 0;
    int hi = points.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (points.get(mid).tSeconds() <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return points.get(lo);
  }

  /**
   * The load averaged over {@code [from, to)}: message rate time-weighted, size weighted by
   * messages, counts by time. This is what a window of the twin sees when trace intervals do not
   * line up with windows.
   */
  public WorkloadPoint average(double from, double to) {
    if (!(to > from)) {
      throw new IllegalArgumentException("window [" + from + ", " + to + ") is empty");
    }
    double msgs = 0;
    double bytes = 0;
    double topics = 0;
    double producers = 0;
    double consumers = 0;
    double t = from;
    while (t < to) {
      WorkloadPoint p = at(t);
      double next = nextStart(t);
      double end = Math.min(to, next);
      double dt = end - t;
      msgs += p.msgRate() * dt;
      bytes += p.msgRate() * p.avgMsgBytes() * dt;
      topics += p.topics() * dt;
      producers += p.producers() * dt;
      consumers += p.consumers() * dt;
      t = end;
    }
    double span = to - from;
    double avgBytes = msgs > 0 ? bytes / msgs : at(from).avgMsgBytes();
    return new WorkloadPoint(
        from,
        msgs / span,
        avgBytes,
        (int) Math.max(1, Math.round(topics / span)),
        (int) Math.round(producers / span),
        (int) Math.round(consumers / span));
  }

  private double nextStart(double t) {
    for (WorkloadPoint p : points) {
      if (p.tSeconds() > t) {
        return p.tSeconds();
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Peak message rate over the trace. */
  public double peakMsgRate() {
    return points.stream().mapToDouble(WorkloadPoint::msgRate).max().orElse(0);
  }
}
