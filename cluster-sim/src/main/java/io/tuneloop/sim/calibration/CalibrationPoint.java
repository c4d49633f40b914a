package io.tuneloop.sim.calibration;

/**
 * One measured run of the real fixture broker: the configuration and load it ran with, and what the
 * load generator and the broker process reported.
 *
 * @param brokerCpuCores CPU the broker's JVM (broker and its embedded bookie) used during the run,
 *     in cores, from {@code /proc/<pid>/stat}; NaN when it could not be read
 * @param holdout whether this point is held back from fitting, to measure the twin's error on it
 */
public record CalibrationPoint(
    double groupWaitMs,
    double mlCacheMb,
    double targetRate,
    double msgBytes,
    int topics,
    int consumers,
    int repeat,
    double achievedRate,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double brokerCpuCores,
    boolean holdout) {

  public static final String CSV_HEADER =
      "group_wait_ms,ml_cache_mb,target_rate,msg_bytes,topics,consumers,repeat,achieved_rate,"
          + "p50_ms,p95_ms,p99_ms,broker_cpu_cores,holdout";

  public CalibrationPoint {
    if (!(achievedRate >= 0) || !(p50Ms > 0) || !(p99Ms >= p50Ms)) {
      throw new IllegalArgumentException(
          "measured point needs achieved_rate >= 0 and 0 < p50 <= p99, got rate="
              + achievedRate
              + " p50="
              + p50Ms
              + " p99="
              + p99Ms);
    }
  }

  /** The grid cell this point measures (repeats share it). */
  public String cell() {
    return groupWaitMs + "/" + mlCacheMb + "/" + targetRate + "/" + msgBytes;
  }

  public CalibrationPoint withHoldout(boolean h) {
    return new CalibrationPoint(
        groupWaitMs,
        mlCacheMb,
        targetRate,
        msgBytes,
        topics,
        consumers,
        repeat,
        achievedRate,
        p50Ms,
        p95Ms,
        p99Ms,
        brokerCpuCores,
        h);
  }

  public String toCsv() {
    return String.join(
        ",",
        fmt(groupWaitMs),
        fmt(mlCacheMb),
        fmt(targetRate),
        fmt(msgBytes),
        Integer.toString(topics),
        Integer.toString(consumers),
        Integer.toString(repeat),
        fmt(achievedRate),
        fmt(p50Ms),
        fmt(p95Ms),
        fmt(p99Ms),
        fmt(brokerCpuCores),
        Boolean.toString(holdout));
  }

  /**
   * @throws IllegalArgumentException naming the column of a bad cell
   */
  public static CalibrationPoint fromCsv(String line, int row) {
    String[] c = line.split(",", -1);
    String[] names = CSV_HEADER.split(",");
    if (c.length != names.length) {
      throw new IllegalArgumentException(
          "row " + row + " has " + c.length + " columns, expected " + names.length);
    }
    double[] v = new double[c.length - 1];
    for (int i = 0; i < v.length; i++) {
      try {
        v[i] = Double.parseDouble(c[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "row " + row + ", column " + names[i] + ": '" + c[i] + "' is not a number");
      }
    }
    return new CalibrationPoint(
        v[0],
        v[1],
        v[2],
        v[3],
        (int) v[4],
        (int) v[5],
        (int) v[6],
        v[7],
        v[8],
        v[9],
        v[10],
        v[11],
        Boolean.parseBoolean(c[c.length - 1].strip()));
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.4f", d);
  }
}
