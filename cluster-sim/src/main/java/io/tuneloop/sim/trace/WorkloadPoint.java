package io.tuneloop.sim.trace;

/**
 * The offered load from {@code tSeconds} until the next point of a trace.
 *
 * @param tSeconds start of the interval, seconds from the start of the trace
 * @param msgRate messages per second produced across the cluster
 * @param avgMsgBytes mean message size in bytes
 * @param topics topics carrying the load
 * @param producers producers across all topics
 * @param consumers consumers across all topics (each reads every message of its topic)
 */
public record WorkloadPoint(
    double tSeconds, double msgRate, double avgMsgBytes, int topics, int producers, int consumers) {

  /** Largest message Pulsar accepts by default is 5 MB; traces may go to 10 MB per the spec. */
  public static final double MAX_MSG_BYTES = 10 * 1024 * 1024;

  public WorkloadPoint {
    if (!(tSeconds >= 0) || !Double.isFinite(tSeconds)) {
      throw new IllegalArgumentException("t_seconds=" + tSeconds + " must be a finite number >= 0");
    }
    if (!(msgRate >= 0) || !Double.isFinite(msgRate)) {
      throw new IllegalArgumentException("msg_rate=" + msgRate + " must be a finite number >= 0");
    }
    if (!(avgMsgBytes >= 1) || avgMsgBytes > MAX_MSG_BYTES) {
      throw new IllegalArgumentException(
          "avg_msg_bytes=" + avgMsgBytes + " is outside [1, " + (long) MAX_MSG_BYTES + "]");
    }
    if (topics < 1) {
      throw new IllegalArgumentException("topics=" + topics + " must be >= 1");
    }
    if (producers < 0) {
      throw new IllegalArgumentException("producers=" + producers + " must be >= 0");
    }
    if (consumers < 0) {
      throw new IllegalArgumentException("consumers=" + consumers + " must be >= 0");
    }
  }

  /** Bytes per second produced. */
  public double bytesRate() {
    return msgRate * avgMsgBytes;
  }

  /** Mean number of consumers reading each message (subscriptions per topic). */
  public double fanOut() {
    return (double) consumers / topics;
  }

  public WorkloadPoint at(double t) {
    return new WorkloadPoint(t, msgRate, avgMsgBytes, topics, producers, consumers);
  }
}
