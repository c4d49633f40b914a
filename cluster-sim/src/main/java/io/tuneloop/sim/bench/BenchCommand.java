package io.tuneloop.sim.bench;

import io.tuneloop.sim.policy.BenchBounds;
import io.tuneloop.sim.policy.LaggedOutcomes;
import io.tuneloop.sim.policy.Policy;
import io.tuneloop.sim.policy.PolicyFactory;
import io.tuneloop.sim.policy.TuneloopPolicy;
import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.trace.TraceCsv;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tuneloop bench}: replays workload traces on the digital twin against each policy and
 * writes {@code results.csv}, {@code results.md} and one PNG per trace to {@code --out}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Replay workload traces on the Pulsar digital twin against each policy; write results.csv,"
            + " results.md and a PNG per trace.")
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--trace",
      paramLabel = "<file.csv|name>",
      description =
          "A trace CSV (t_seconds,msg_rate,avg_msg_bytes,topics,producers,consumers) or a built-in"
              + " name: diurnal, roller-coaster, step, large-message, flash-crowd. Repeatable;"
              + " default: all built-in traces.")
  List<String> traces = new ArrayList<>();

  @Option(
      names = "--policies",
      split = ",",
      paramLabel = "a,b,...",
      description = "Policies to compare (default: ${DEFAULT-VALUE}).",
      defaultValue = "static,threshold,hpa,tuneloop-cold,tuneloop-federated,oracle")
  List<String> policies;

  @Option(
      names = "--seed",
      description = "Seed for traces and twin noise (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(names = "--out", required = true, description = "Directory for the results.")
  Path out;

  @Option(
      names = "--slo-p99-ms",
      description = "p99 publish latency objective in ms (default: ${DEFAULT-VALUE}).",
      defaultValue = "50")
  double sloP99Ms;

  @Option(
      names = "--window-seconds",
      description =
          "Simulated window (and decision period) in seconds (default: ${DEFAULT-VALUE}).",
      defaultValue = "60")
  double windowSeconds;

  @Option(
      names = "--twin-params",
      paramLabel = "<file.json>",
      description = "Twin parameters JSON (default: the checked-in calibration).")
  Path twinParams;

  @Option(
      names = "--decision-log",
      description =
          "Also write decisions-<trace>-<policy>.csv for each Tuneloop policy: every window's"
              + " load, replicas, settings, observed and predicted p99, chosen action, guard vetoes"
              + " and reason.")
  boolean decisionLog;

  @Option(
      names = "--outcome-lag",
      description =
          "Windows between a Tuneloop decision and the window its online learning credits it"
              + " with; pre-train the baseline with the same lag (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + LaggedOutcomes.DEFAULT_LAG)
  int outcomeLag = LaggedOutcomes.DEFAULT_LAG;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws java.io.IOException {
    Files.createDirectories(out);
    PrintWriter err =
        spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    PrintWriter outWriter =
        spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    TwinParameters params =
        twinParams == null ? TwinParameters.calibrated() : TwinParameters.read(twinParams);
    List<WorkloadTrace> loaded = new ArrayList<>();
    List<String> names = traces.isEmpty() ? BuiltinTraces.names() : traces;
    for (String t : names) {
      loaded.add(load(t));
    }
    for (String p : policies) {
      if (!PolicyFactory.NAMES.contains(p)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown policy '" + p + "'; expected some of " + PolicyFactory.NAMES);
      }
    }
    BenchBounds bounds = BenchBounds.standard();
    PolicyFactory factory =
        new PolicyFactory(params, windowSeconds, sloP99Ms, bounds, seed, outcomeLag);
    BenchRunner runner = new BenchRunner(params, windowSeconds, sloP99Ms, seed);
    List<RunResult> all = new ArrayList<>();
    long start = System.nanoTime();
    for (int ti = 0; ti < loaded.size(); ti++) {
      WorkloadTrace trace = loaded.get(ti);
      List<RunResult> perTrace = new ArrayList<>();
      int totalWindows = (int) Math.floor(trace.durationSeconds() / windowSeconds + 1e-9);
      for (int pi = 0; pi < policies.size(); pi++) {
        String policy = policies.get(pi);
        String label =
            String.format(
                Locale.ROOT,
                "[trace %d/%d %s] [policy %d/%d %s]",
                ti + 1,
                loaded.size(),
                trace.name(),
                pi + 1,
                policies.size(),
                policy);
        long t0 = System.nanoTime();
        Policy made = factory.create(policy, trace);
        RunResult r =
            runner.run(
                trace,
                made,
                done -> {
                  if (!quiet && (done % 360 == 0 || done == totalWindows)) {
                    err.printf(Locale.ROOT, "%s %d/%d windows%n", label, done, totalWindows);
                    err.flush();
                  }
                });
        if (!quiet) {
          err.printf(
              Locale.ROOT,
              "%s done in %.1f s: %.1f pod-hours, %.0f SLO-violation min, %.3f%% lost%n",
              label,
              (System.nanoTime() - t0) / 1e9,
              r.podHours(),
              r.sloViolationMinutes(),
              r.throughputLostPct());
          err.flush();
        }
        if (decisionLog && made instanceof TuneloopPolicy tp) {
          DecisionLogWriter.write(
              out.resolve("decisions-" + trace.name() + "-" + policy + ".csv"),
              r.windows(),
              tp.decisions(),
              outcomeLag);
        }
        perTrace.add(r);
      }
      TracePlot.write(out.resolve(trace.name() + ".png"), trace.name(), perTrace, sloP99Ms);
      all.addAll(perTrace);
    }
    ResultsWriter.write(out.resolve("results.csv"), ResultsWriter.csv(all));
    List<String> header = new ArrayList<>();
    header.add(
        "command: `tuneloop bench "
            + String.join(" ", names.stream().map(n -> "--trace " + n).toList())
            + " --policies "
            + String.join(",", policies)
            + " --seed "
            + seed
            + " --slo-p99-ms "
            + fmt(sloP99Ms)
            + " --out "
            + out
            + "`");
    header.add(
        "twin: "
            + (twinParams == null
                ? "checked-in calibration (cluster-sim/calibration/twin-parameters.json)"
                : twinParams.toString())
            + ", window "
            + fmt(windowSeconds)
            + " s, start 3 brokers / 4 bookies / Pulsar defaults");
    header.add(
        "SLO: p99 publish latency <= "
            + fmt(sloP99Ms)
            + " ms; decision_p99_ms is measured wall-clock time, every other column is"
            + " deterministic for the seed");
    header.add(
        String.format(
            Locale.ROOT,
            "machine: %s %s, %d cores, Java %s; wall time %.1f s",
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            (System.nanoTime() - start) / 1e9));
    ResultsWriter.write(out.resolve("results.md"), ResultsWriter.markdown(all, header));
    outWriter.print(ResultsWriter.markdown(all, header));
    outWriter.flush();
    return 0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private WorkloadTrace load(String t) {
    if (BuiltinTraces.exists(t)) {
      return BuiltinTraces.get(t, seed);
    }
    Path file = Path.of(t);
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--trace "
              + t
              + " is neither a readable file nor a built-in trace "
              + BuiltinTraces.names());
    }
    return TraceCsv.read(file);
  }
}
