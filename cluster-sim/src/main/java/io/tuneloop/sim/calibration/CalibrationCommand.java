package io.tuneloop.sim.calibration;

import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.fixture.StandaloneBrokerConfig;
import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadReport;
import io.tuneloop.fixture.load.LoadSpec;
import io.tuneloop.fixture.load.MessageSizes;
import io.tuneloop.sim.twin.TwinParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pulsar.client.admin.PulsarAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tuneloop calibrate}: measures the real fixture broker under the load generator across a
 * grid (journal group wait x managed-ledger cache x message size x rate, each point repeated),
 * writes {@code measurements.csv}, fits the twin ({@link TwinFit}) on all but every 4th grid cell,
 * and writes {@code twin-parameters.json} and {@code fit-report.md} with the error on the held-back
 * cells. {@code --fit-only} re-fits from an existing {@code measurements.csv} without starting a
 * broker.
 *
 * <p>It takes the machine's cores while it runs: run it on a quiet machine, and read the load
 * average it records next to the data.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Measure the real Pulsar fixture broker across a grid and fit the digital twin's"
            + " parameters; writes measurements.csv, fitted-parameters.json and fit-report.md.")
public final class CalibrationCommand implements Callable<Integer> {
  private static final int HOLD_OUT_ONE_IN = 4;

  @Option(
      names = "--out",
      description = "Directory for the outputs (default: ${DEFAULT-VALUE}).",
      defaultValue = "cluster-sim/calibration")
  Path out;

  @Option(
      names = "--group-waits",
      split = ",",
      description =
          "journalMaxGroupWaitMSec values; each needs a broker restart (default: ${DEFAULT-VALUE}).",
      defaultValue = "0,2,5,10")
  List<Double> groupWaits;

  @Option(
      names = "--ml-cache-mb",
      split = ",",
      description =
          "managedLedgerCacheSizeMB values, set through the admin API as a dynamic setting"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "205,16")
  List<Double> cacheSizes;

  @Option(
      names = "--rates",
      split = ",",
      description =
          "Target publish rates, msg/s (default: ${DEFAULT-VALUE}). Span the rates you care about:"
              + " a broker's CPU per message falls as the rate rises (fixed costs and wake-ups are"
              + " shared), so a CPU line through low rates only over-states it at high ones.",
      defaultValue = "1000,6000")
  List<Double> rates;

  @Option(
      names = "--sizes",
      split = ",",
      description = "Message sizes in bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024,8192")
  List<Integer> sizes;

  @Option(
      names = "--repeats",
      description =
          "Runs per grid point; the fit uses each cell's median run (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int repeats;

  @Option(
      names = "--seconds",
      description = "Publishing time per run (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int seconds;

  @Option(
      names = "--topics",
      description = "Topics (each with one producer and one consumer).",
      defaultValue = "2")
  int topics;

  @Option(
      names = "--fit-only",
      description =
          "Re-fit from <out>/measurements.csv; no broker. The held-back cells are chosen again and"
              + " the file's holdout column updated; the measured values are not touched.")
  boolean fitOnly;

  @Option(
      names = "--adopt",
      description =
          "Also write the fit to <out>/twin-parameters.json, the twin's parameters, if it predicts"
              + " the held-back cells better than the parameters it started from (default: only"
              + " <out>/fitted-parameters.json, for review first).")
  boolean adopt;

  @Option(
      names = "--base-params",
      description = "Parameters to start the fit from (default: the checked-in calibration).")
  Path baseParams;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CalibrationCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    Files.createDirectories(out);
    Path measurements = out.resolve("measurements.csv");
    CalibrationData data;
    if (fitOnly) {
      // The held-back cells are the fit's choice, not the measurement's: choose them again, so a
      // change of scheme applies to old data, and keep the file's column in step with the report.
      CalibrationData read = CalibrationData.read(measurements);
      data =
          new CalibrationData(
              read.notes(), CalibrationData.holdOutEveryKthCell(read.points(), HOLD_OUT_ONE_IN));
      data.write(measurements);
    } else {
      data = measure(err);
      data.write(measurements);
      err.println("wrote " + measurements);
    }
    TwinParameters base =
        baseParams == null ? TwinParameters.calibrated() : TwinParameters.read(baseParams);
    int cores = Runtime.getRuntime().availableProcessors();
    TwinFit.FitResult fit = new TwinFit(base, cores).fit(data.points());
    fit.fitted().write(out.resolve("fitted-parameters.json"));
    boolean refused = adopt && !fit.beatsStartOnHeldBackCells();
    if (adopt && !refused) {
      fit.fitted().write(out.resolve("twin-parameters.json"));
    }
    List<String> notes = new ArrayList<>(data.notes());
    notes.add(
        "fit: tuneloop calibrate"
            + (fitOnly ? " --fit-only" : "")
            + " --out "
            + out
            + "; one grid cell in "
            + HOLD_OUT_ONE_IN
            + " held back (fixed shuffled order)");
    String report = fit.report(notes);
    Files.writeString(out.resolve("fit-report.md"), report, StandardCharsets.UTF_8);
    stdout.print(report);
    stdout.flush();
    if (refused) {
      err.println(
          "not adopted: the fit's held-back error is not lower than the starting parameters';"
              + " twin-parameters.json is unchanged");
      err.flush();
      return 1;
    }
    return 0;
  }

  private CalibrationData measure(PrintWriter err) throws IOException {
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "machine: %s %s, %d cores, Java %s; started %s; load average before: %s",
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            Instant.now(),
            loadAverage()));
    notes.add(
        "grid: journalMaxGroupWaitMSec "
            + groupWaits
            + " x managedLedgerCacheSizeMB "
            + cacheSizes
            + " x bytes "
            + sizes
            + " x msg/s "
            + rates
            + ", "
            + repeats
            + " repeats of "
            + seconds
            + " s, "
            + topics
            + " topics with one producer and one consumer each, no batching");
    List<CalibrationPoint> points = new ArrayList<>();
    int total = groupWaits.size() * cacheSizes.size() * sizes.size() * rates.size() * repeats;
    int done = 0;
    StandaloneBroker broker = null;
    try {
      for (double w : groupWaits) {
        Map<String, String> settings = Map.of("journalMaxGroupWaitMSec", fmt(w));
        if (broker == null) {
          broker =
              StandaloneBroker.start(
                  StandaloneBrokerConfig.builder()
                      .settings(settings)
                      .fastStartJit(false)
                      .maxHeap("512m")
                      .startTimeout(Duration.ofMinutes(3))
                      .build());
        } else {
          broker.restartWith(settings);
        }
        err.printf(
            Locale.ROOT,
            "broker ready with journalMaxGroupWaitMSec=%s in %.1f s%n",
            fmt(w),
            broker.lastStartDuration().toMillis() / 1000.0);
        warmUp(broker);
        try (PulsarAdmin admin =
            PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build()) {
          for (double cache : cacheSizes) {
            admin.brokers().updateDynamicConfiguration("managedLedgerCacheSizeMB", fmt(cache));
            for (int size : sizes) {
              for (double rate : rates) {
                for (int rep = 0; rep < repeats; rep++) {
                  CalibrationPoint p = runOne(broker, w, cache, rate, size, rep);
                  points.add(p);
                  done++;
                  err.printf(
                      Locale.ROOT,
                      "[%d/%d] wait=%s cache=%s rate=%.0f bytes=%d rep=%d: achieved %.0f msg/s,"
                          + " p50 %.2f ms, p99 %.2f ms, broker %.2f cores%n",
                      done,
                      total,
                      fmt(w),
                      fmt(cache),
                      rate,
                      size,
                      rep,
                      p.achievedRate(),
                      p.p50Ms(),
                      p.p99Ms(),
                      p.brokerCpuCores());
                  err.flush();
                }
              }
            }
          }
        } catch (org.apache.pulsar.client.admin.PulsarAdminException e) {
          throw new IOException("admin API of the fixture broker failed: " + e.getMessage(), e);
        }
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    notes.add("load average after: " + loadAverage() + "; finished " + Instant.now());
    return new CalibrationData(notes, CalibrationData.holdOutEveryKthCell(points, HOLD_OUT_ONE_IN));
  }

  private void warmUp(StandaloneBroker broker) {
    // JIT and ledger creation: the first seconds after a start are not representative.
    new LoadGenerator(
            broker.serviceUrl(),
            LoadSpec.builder(1000)
                .topics(1)
                .producers(1)
                .consumers(1)
                .duration(Duration.ofSeconds(4))
                .build())
        .run();
  }

  private CalibrationPoint runOne(
      StandaloneBroker broker, double w, double cache, double rate, int size, int rep) {
    LoadSpec spec =
        LoadSpec.builder(rate)
            .sizes(MessageSizes.fixed(size))
            .topics(topics)
            .producers(topics)
            .consumers(topics)
            .duration(Duration.ofSeconds(seconds))
            .seed(rep + 1)
            .build();
    long pid = broker.pid();
    long cpu0 = cpuTicks(pid);
    long t0 = System.nanoTime();
    LoadReport r = new LoadGenerator(broker.serviceUrl(), spec).run();
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu1 = cpuTicks(pid);
    double cores = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 100.0 / wall;
    if (r.acked() == 0) {
      throw new IllegalStateException("no message was acknowledged: " + r.summary());
    }
    return new CalibrationPoint(
        w,
        cache,
        rate,
        size,
        topics,
        topics,
        rep,
        r.achievedRate(),
        r.p50Ms(),
        r.p95Ms(),
        Math.max(r.p99Ms(), r.p50Ms()),
        cores,
        false);
  }

  /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux), or -1. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
