package io.tuneloop.sim.calibration;

import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.twin.ClusterPhysics;
import io.tuneloop.sim.twin.SteadyState;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the twin's parameters to points measured on the real fixture broker, and scores the fit on
 * the points held back.
 *
 * <p>A measured point is a one-broker, one-bookie cluster with a write quorum of one on this
 * machine, so the twin is evaluated in that shape ({@link #localShape}). Fitted:
 *
 * <ul>
 *   <li>latency: {@code brokerBaseLatencyMs}, {@code fsyncBaseMs}, {@code groupWaitHeavyFraction}
 *       (p50) and {@code queueTailFactor}, {@code jitterP99Ms} (p99), by coordinate descent on the
 *       squared log error of p50 and p99 over the training points;
 *   <li>CPU: a least-squares line through the broker process's measured cores against message rate
 *       and byte rate; the per-message and per-byte costs of broker and bookie are scaled together
 *       so the twin's costs match it (their split between broker and bookie is not observable in a
 *       standalone process and is kept).
 * </ul>
 *
 * Everything else (bandwidths, IOPS, delays, pod sizes) stays as checked in: the fixture cannot
 * measure it.
 */
public final class TwinFit {
  static final String[] LATENCY_PARAMS = {
    "brokerBaseLatencyMs", "fsyncBaseMs", "groupWaitHeavyFraction", "queueTailFactor", "jitterP99Ms"
  };
  static final double[][] BOUNDS = {{0.02, 30}, {0.02, 30}, {0, 1}, {0.3, 20}, {0, 500}};

  private final TwinParameters base;
  private final double localCores;

  /**
   * @param localCores cores of the machine the points were measured on (the standalone broker's pod
   *     size for the local evaluation)
   */
  public TwinFit(TwinParameters base, double localCores) {
    this.base = base;
    this.localCores = localCores;
  }

  /** The twin's parameters in the shape of the measured standalone broker. */
  TwinParameters localShape(TwinParameters p) {
    return p.with(
        Map.of(
            "writeQuorum", 1.0,
            "brokerCores", localCores,
            "bookieCores", localCores,
            "latencyNoise", 0.0,
            "loadNoise", 0.0));
  }

  /** The twin's prediction for a measured point: {p50, p99} in ms. */
  public double[] predict(TwinParameters p, CalibrationPoint m) {
    TwinSettings s =
        TwinSettings.defaults()
            .with(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, m.groupWaitMs())
            .with(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB, m.mlCacheMb())
            .with(KnobCatalog.DB_STORAGE_WRITE_CACHE_MAX_SIZE_MB, 64)
            .with(KnobCatalog.DB_STORAGE_READ_AHEAD_CACHE_MAX_SIZE_MB, 32);
    WorkloadPoint load =
        new WorkloadPoint(
            0, Math.max(1, m.achievedRate()), m.msgBytes(), m.topics(), m.topics(), m.consumers());
    SteadyState st = new ClusterPhysics(localShape(p)).evaluate(load, 1, 1, s, 0);
    return new double[] {st.p50Ms(), st.p99Ms()};
  }

  /**
   * Fits on the points not held back. Latency and CPU are fitted to, and latency is scored on, each
   * grid cell's median over its repeats ({@link CalibrationData#cellMedians}): the first run after
   * a broker restart still carries JIT work, and a median keeps it out of the CPU line too.
   */
  public FitResult fit(List<CalibrationPoint> runs) {
    List<CalibrationPoint> points = CalibrationData.cellMedians(runs);
    List<CalibrationPoint> train = points.stream().filter(x -> !x.holdout()).toList();
    if (train.size() < 3) {
      throw new IllegalArgumentException(
          "need at least 3 training cells to fit, got " + train.size());
    }
    TwinParameters p = fitCpu(base, train);
    double[] x = new double[LATENCY_PARAMS.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(p.get(LATENCY_PARAMS[i]), BOUNDS[i]);
    }
    double best = loss(with(p, x), train);
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < x.length; i++) {
        double[] bx = x.clone();
        // Golden-section search on coordinate i within its bounds.
        double lo = BOUNDS[i][0];
        double hi = BOUNDS[i][1];
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = lossAt(p, bx, i, a, train);
        double fb = lossAt(p, bx, i, b, train);
        for (int it = 0; it < 40; it++) {
          if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - g * (hi - lo);
            fa = lossAt(p, bx, i, a, train);
          } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = lossAt(p, bx, i, b, train);
          }
        }
        double cand = (lo + hi) / 2;
        double fc = lossAt(p, bx, i, cand, train);
        if (fc < best) {
          best = fc;
          x[i] = cand;
        }
      }
    }
    TwinParameters fitted = with(p, x);
    return new FitResult(
        fitted,
        points,
        errors(fitted, points, false),
        errors(fitted, points, true),
        base,
        errors(base, points, true));
  }

  private double lossAt(TwinParameters p, double[] x, int i, double v, List<CalibrationPoint> pts) {
    double[] y = x.clone();
    y[i] = v;
    return loss(with(p, y), pts);
  }

  private static TwinParameters with(TwinParameters p, double[] x) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < x.length; i++) {
      m.put(LATENCY_PARAMS[i], x[i]);
    }
    return p.with(m);
  }

  double loss(TwinParameters p, List<CalibrationPoint> pts) {
    double sum = 0;
    for (CalibrationPoint m : pts) {
      double[] y = predict(p, m);
      double e50 = Math.log(y[0] / m.p50Ms());
      double e99 = Math.log(y[1] / m.p99Ms());
      sum += e50 * e50 + e99 * e99;
    }
    return sum / pts.size();
  }

  /** Scales the per-message and per-byte CPU costs to the measured process CPU. */
  TwinParameters fitCpu(TwinParameters p, List<CalibrationPoint> train) {
    List<double[]> rows = new ArrayList<>();
    for (CalibrationPoint m : train) {
      if (Double.isFinite(m.brokerCpuCores()) && m.achievedRate() > 0) {
        double fan = (double) m.consumers() / m.topics();
        rows.add(
            new double[] {
              m.achievedRate() * (1 + fan),
              m.achievedRate() * m.msgBytes() * (1 + fan),
              m.brokerCpuCores()
            });
      }
    }
    if (rows.size() < 3) {
      return p;
    }
    double[] beta = leastSquares(rows);
    if (!(beta[1] > 0) || !(beta[2] >= 0)) {
      // Noise swamped the slope; keep the checked-in costs rather than fit nonsense.
      return p;
    }
    // The twin's own cost per message (counted once in and once per consumer) and per byte, in
    // the standalone shape (write quorum 1, broker and bookie in one process).
    double perMsg =
        (p.brokerCpuPerMsgMicros() + p.brokerCpuPerDispatchMicros() + p.bookieCpuPerEntryMicros())
            / 2
            * 1e-6;
    double perByte = (p.brokerCpuPerByteNanos() * 2 + p.bookieCpuPerByteNanos()) / 2 * 1e-9;
    double sMsg = Math.max(0.05, Math.min(20, beta[1] / perMsg));
    double sByte = Math.max(0.05, Math.min(20, beta[2] / perByte));
    return p.with(
        Map.of(
            "brokerCpuPerMsgMicros", p.brokerCpuPerMsgMicros() * sMsg,
            "brokerCpuPerDispatchMicros", p.brokerCpuPerDispatchMicros() * sMsg,
            "bookieCpuPerEntryMicros", p.bookieCpuPerEntryMicros() * sMsg,
            "brokerCpuPerByteNanos", p.brokerCpuPerByteNanos() * sByte,
            "bookieCpuPerByteNanos", p.bookieCpuPerByteNanos() * sByte));
  }

  /** Ordinary least squares of the last column on an intercept and the other columns. */
  static double[] leastSquares(List<double[]> rows) {
    int k = rows.get(0).length; // intercept + (k-1) regressors
    double[][] a = new double[k][k + 1];
    for (double[] r : rows) {
      double[] x = new double[k];
      x[0] = 1;
      System.arraycopy(r, 0, x, 1, k - 1);
      double y = r[k - 1];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          a[i][j] += x[i] * x[j];
        }
        a[i][k] += x[i] * y;
      }
    }
    // Scale columns for conditioning, then Gauss-Jordan.
    double[] scale = new double[k];
    for (int j = 0; j < k; j++) {
      scale[j] = Math.sqrt(Math.max(1e-300, a[j][j]));
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] /= scale[i] * scale[j];
      }
      a[i][k] /= scale[i];
    }
    for (int c = 0; c < k; c++) {
      int piv = c;
      for (int r = c + 1; r < k; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      if (Math.abs(a[c][c]) < 1e-12) {
        return new double[k];
      }
      for (int r = 0; r < k; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int j = c; j <= k; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[] beta = new double[k];
    for (int i = 0; i < k; i++) {
      beta[i] = a[i][k] / a[i][i] / scale[i];
    }
    return beta;
  }

  private List<PointError> errors(TwinParameters p, List<CalibrationPoint> pts, boolean holdout) {
    List<PointError> out = new ArrayList<>();
    for (CalibrationPoint m : pts) {
      if (m.holdout() == holdout) {
        double[] y = predict(p, m);
        out.add(new PointError(m, y[0], y[1]));
      }
    }
    return out;
  }

  private static double clamp(double v, double[] b) {
    return Math.max(b[0], Math.min(b[1], v));
  }

  /** A measured point next to the fitted twin's prediction for it. */
  public record PointError(CalibrationPoint measured, double p50Ms, double p99Ms) {
    public double p50AbsPctError() {
      return 100 * Math.abs(p50Ms - measured.p50Ms()) / measured.p50Ms();
    }

    public double p99AbsPctError() {
      return 100 * Math.abs(p99Ms - measured.p99Ms()) / measured.p99Ms();
    }
  }

  /**
   * The fitted parameters and the per-cell errors on training and held-back cells, next to the
   * held-back error of the parameters the fit started from: a fit is worth adopting only if it
   * predicts cells it never saw better than what the twin runs with already.
   */
  public record FitResult(
      TwinParameters fitted,
      List<CalibrationPoint> points,
      List<PointError> train,
      List<PointError> holdout,
      TwinParameters start,
      List<PointError> startHoldout) {

    /**
     * Whether the fitted parameters' held-back error (median p50 and p99 errors, summed) is lower
     * than the starting parameters'.
     */
    public boolean beatsStartOnHeldBackCells() {
      return !holdout.isEmpty()
          && median(holdout, false) + median(holdout, true)
              < median(startHoldout, false) + median(startHoldout, true);
    }

    public static double median(List<PointError> e, boolean p99) {
      if (e.isEmpty()) {
        return Double.NaN;
      }
      return CalibrationData.median(
          e.stream().mapToDouble(x -> p99 ? x.p99AbsPctError() : x.p50AbsPctError()).toArray());
    }

    /** A Markdown report: fitted values, error summary and every point. */
    public String report(List<String> notes) {
      StringBuilder sb = new StringBuilder("# Twin calibration fit\n\n");
      for (String n : notes) {
        sb.append("- ").append(n).append('\n');
      }
      sb.append("\n## Fitted parameters (started from)\n\n");
      for (String name :
          List.of(
              "brokerBaseLatencyMs",
              "fsyncBaseMs",
              "groupWaitHeavyFraction",
              "queueTailFactor",
              "jitterP99Ms",
              "brokerCpuPerMsgMicros",
              "brokerCpuPerDispatchMicros",
              "bookieCpuPerEntryMicros",
              "brokerCpuPerByteNanos",
              "bookieCpuPerByteNanos")) {
        sb.append(
            String.format(
                Locale.ROOT, "- `%s` = %.4g (%.4g)%n", name, fitted.get(name), start.get(name)));
      }
      sb.append(
          "\n## Error (median absolute % error over grid cells)\n\n| cells | n | p50 | p99 |\n|---|---:|---:|---:|\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "| training | %d | %.1f%% | %.1f%% |%n| held back | %d | %.1f%% | %.1f%% |%n"
                  + "| held back, parameters the fit started from | %d | %.1f%% | %.1f%% |%n",
              train.size(),
              median(train, false),
              median(train, true),
              holdout.size(),
              median(holdout, false),
              median(holdout, true),
              startHoldout.size(),
              median(startHoldout, false),
              median(startHoldout, true)));
      sb.append(
          beatsStartOnHeldBackCells()
              ? "\nThe fit predicts the held-back cells better than the parameters it started"
                  + " from.\n"
              : "\nThe fit does not predict the held-back cells better than the parameters it"
                  + " started from; `--adopt` will refuse it.\n");
      sb.append(
          "\n## Every grid cell (measured: median of its runs)\n\n| set | wait ms | cache MB | rate"
              + " | bytes | runs | p50 meas | p50 twin | p99 meas | p99 twin |\n"
              + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      List<PointError> all = new ArrayList<>(train);
      all.addAll(holdout);
      for (PointError e : all) {
        CalibrationPoint m = e.measured();
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.0f | %.0f | %d | %.2f | %.2f | %.2f | %.2f |%n",
                m.holdout() ? "held back" : "training",
                m.groupWaitMs(),
                m.mlCacheMb(),
                m.achievedRate(),
                m.msgBytes(),
                m.repeat(),
                m.p50Ms(),
                e.p50Ms(),
                m.p99Ms(),
                e.p99Ms()));
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return "FitResult" + Arrays.asList(median(train, false), median(holdout, false));
    }
  }
}
