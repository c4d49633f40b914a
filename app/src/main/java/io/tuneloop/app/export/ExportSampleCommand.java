package io.tuneloop.app.export;

import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.twin.TwinParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneloop export-sample}: the CSV files the notebooks read. On the digital twin it writes
 * {@code windows.csv} (per-window ground truth and the model's features), {@code decisions.csv}
 * (each decision, its prediction with spread and the observed outcome) and {@code
 * federation-rounds.csv}; with {@code --decisions-dir} it instead converts an operator {@code
 * --local} decisions directory to {@code operator-decisions.csv}.
 */
@Command(
    name = "export-sample",
    mixinStandardHelpOptions = true,
    description =
        "Write CSV files for the notebooks: windows.csv, decisions.csv (Tuneloop's decisions on the"
            + " digital twin, predicted vs observed) and federation-rounds.csv; or, with"
            + " --decisions-dir, an operator --local decisions directory as operator-decisions.csv.")
public final class ExportSampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Directory to write the CSV files to.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for traces, twin noise and federation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--trace",
      split = ",",
      description = "Built-in traces to replay (default: all of them).")
  List<String> traces = new ArrayList<>();

  @Option(
      names = "--windows",
      defaultValue = "120",
      description = "Windows replayed per trace, from its start (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(
      names = "--window-seconds",
      defaultValue = "60",
      description = "Simulated window and decision period in seconds (default: ${DEFAULT-VALUE}).")
  double windowSeconds;

  @Option(
      names = "--slo-p99-ms",
      defaultValue = "50",
      description = "p99 publish latency objective in ms (default: ${DEFAULT-VALUE}).")
  double sloP99Ms;

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description = "Federated rounds per scenario (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--decisions-dir",
      description =
          "An operator --local decisions directory: convert its TuningDecision YAML files to"
              + " operator-decisions.csv, and run nothing on the twin.")
  Path decisionsDir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    if (decisionsDir != null) {
      CsvTable t = OperatorDecisionsExport.read(decisionsDir);
      Path f = out.resolve("operator-decisions.csv");
      t.write(f);
      err.printf("%s: %d decisions%n", f, t.rowCount());
      return 0;
    }
    List<String> names = traces.isEmpty() ? BuiltinTraces.names() : traces;
    for (String n : names) {
      if (!BuiltinTraces.exists(n)) {
        throw new IllegalArgumentException(
            "no built-in trace '" + n + "'; expected one of " + BuiltinTraces.names());
      }
    }
    TwinDecisionExport twin =
        TwinDecisionExport.withShippedBaseline(
            TwinParameters.calibrated(), windowSeconds, sloP99Ms, seed);
    CsvTable windowTable = TwinDecisionExport.windowsTable(twin.schema());
    CsvTable decisionTable = TwinDecisionExport.decisionsTable();
    for (String n : names) {
      err.printf("twin: %s, %d windows%n", n, windows);
      err.flush();
      twin.run(BuiltinTraces.get(n, seed), windows, windowTable, decisionTable);
    }
    windowTable.write(out.resolve("windows.csv"));
    decisionTable.write(out.resolve("decisions.csv"));
    CsvTable federation = new FederationRoundsExport(seed, rounds).run();
    federation.write(out.resolve("federation-rounds.csv"));
    err.printf(
        "%s: windows.csv (%d rows), decisions.csv (%d rows), federation-rounds.csv (%d rows)%n",
        out, windowTable.rowCount(), decisionTable.rowCount(), federation.rowCount());
    return 0;
  }
}
