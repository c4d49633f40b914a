package io.tuneloop.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.sim.trace.TraceCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new BenchCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void writesCsvMarkdownAndOnePngPerTraceAndRepeatsForASeed(@TempDir Path dir) throws Exception {
    Path csvTrace = dir.resolve("mine.csv");
    Files.writeString(
        csvTrace, TraceCsv.HEADER + "\n0,20000,1024,100,200,200\n3600,90000,2048,100,200,200\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = {
      "--trace",
      "step",
      "--trace",
      csvTrace.toString(),
      "--policies",
      "static,hpa,oracle",
      "--seed",
      "3",
      "--window-seconds",
      "300",
      "--out",
      dir.resolve("a").toString()
    };
    assertThat(run(out, err, args)).as(err.toString()).isZero();
    List<String> csv = Files.readAllLines(dir.resolve("a/results.csv"));
    assertThat(csv.get(0)).isEqualTo(ResultsWriter.CSV_HEADER);
    assertThat(csv).hasSize(1 + 2 * 3);
    assertThat(csv.get(1)).startsWith("step,static,");
    assertThat(csv.get(6)).startsWith("mine,oracle,");
    assertThat(Files.readString(dir.resolve("a/results.md")))
        .contains("| step | hpa |", "machine:");
    assertThat(Files.size(dir.resolve("a/step.png"))).isGreaterThan(10_000);
    assertThat(Files.size(dir.resolve("a/mine.png"))).isGreaterThan(10_000);
    assertThat(err.toString()).contains("[trace 1/2 step] [policy 1/3 static]");

    args[args.length - 1] = dir.resolve("b").toString();
    assertThat(run(new StringWriter(), new StringWriter(), args)).isZero();
    assertThat(withoutDecisionColumn(dir.resolve("b/results.csv")))
        .isEqualTo(withoutDecisionColumn(dir.resolve("a/results.csv")));
  }

  @Test
  void writesADecisionLogPerTuneloopRunWithOneRowPerWindow(@TempDir Path dir) throws Exception {
    Path csvTrace = dir.resolve("spike.csv");
    Files.writeString(
        csvTrace,
        TraceCsv.HEADER
            + "\n0,5000,1024,100,200,200\n1800,150000,1024,100,200,200\n3600,5000,1024,100,200,200\n");
    StringWriter err = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                err,
                "--trace",
                csvTrace.toString(),
                "--policies",
                "static,tuneloop-federated",
                "--window-seconds",
                "300",
                "--decision-log",
                "--quiet",
                "--out",
                dir.toString()))
        .as(err.toString())
        .isZero();
    assertThat(dir.resolve("decisions-spike-static.csv")).doesNotExist();
    List<String> log = Files.readAllLines(dir.resolve("decisions-spike-tuneloop-federated.csv"));
    assertThat(log.get(0)).isEqualTo(DecisionLogWriter.HEADER);
    // The trace lasts 3600 s + the previous 1800 s interval: 18 windows of 300 s, one decision
    // each, and each row ends with the planner's reason.
    assertThat(log).hasSize(1 + 18);
    assertThat(log.subList(1, log.size()))
        .allSatisfy(row -> assertThat(row).containsAnyOf(",\"Chose ", ",\"Kept things"));
  }

  @Test
  void refusesUnknownPoliciesAndTraces(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "--policies", "magic", "--out", dir.toString()))
        .isNotZero();
    assertThat(err.toString()).contains("unknown policy 'magic'");
    err = new StringWriter();
    assertThat(run(new StringWriter(), err, "--trace", "nope", "--out", dir.toString()))
        .isNotZero();
    assertThat(err.toString()).contains("--trace nope is neither a readable file nor a built-in");
  }

  private static List<String> withoutDecisionColumn(Path csv) throws Exception {
    return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }
}
