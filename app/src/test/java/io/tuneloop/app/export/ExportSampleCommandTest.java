package io.tuneloop.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.app.TuneloopCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportSampleCommandTest {

  private static int run(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new TuneloopCli());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void writesWindowsDecisionsWithPredictionAndOutcomeAndFederationRounds(@TempDir Path dir)
      throws Exception {
    StringWriter err = new StringWriter();
    int exit =
        run(
            err,
            "export-sample",
            "--out",
            dir.toString(),
            "--trace",
            "step",
            "--windows",
            "6",
            "--rounds",
            "2");
    assertThat(exit).as(err.toString()).isZero();

    List<String> windows = Files.readAllLines(dir.resolve("windows.csv"));
    assertThat(windows).hasSize(1 + 6);
    assertThat(windows.get(0)).startsWith(String.join(",", TwinDecisionExport.WINDOW_COLUMNS));
    assertThat(windows.get(0)).contains(",f_");

    List<String> decisions = Files.readAllLines(dir.resolve("decisions.csv"));
    // The last window's decision would have no outcome, so it is not made.
    assertThat(decisions.get(0)).isEqualTo(String.join(",", TwinDecisionExport.DECISION_COLUMNS));
    assertThat(decisions).hasSize(1 + 5);
    int pred = TwinDecisionExport.DECISION_COLUMNS.indexOf("pred_p99_ms_mean");
    int obs = TwinDecisionExport.DECISION_COLUMNS.indexOf("obs_p99_ms");
    for (String line : decisions.subList(1, decisions.size())) {
      String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      assertThat(cells).hasSize(TwinDecisionExport.DECISION_COLUMNS.size());
      assertThat(cells[0]).isEqualTo("step");
      assertThat(Double.parseDouble(cells[pred])).isPositive();
      assertThat(Double.parseDouble(cells[obs])).isPositive();
    }

    int scenarios = new FederationRoundsExport(1, 2).scenarios().size();
    assertThat(Files.readAllLines(dir.resolve("federation-rounds.csv"))).hasSize(1 + scenarios * 3);
  }

  @Test
  void anUnknownTraceIsRefusedByName(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int exit = run(err, "export-sample", "--out", dir.toString(), "--trace", "no-such-trace");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("no built-in trace 'no-such-trace'");
  }
}
