package io.tuneloop.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tuneloop operator --local} refuses bad input with exit code 2 and says why. */
public class OperatorCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new OperatorCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  public static final String VALID =
      """
      apiVersion: tuneloop.io/v1alpha1
      kind: BrokerCluster
      metadata:
        name: dev
      spec:
        pulsar:
          adminUrl: http://127.0.0.1:8080
        workloads:
          release: pulsar
        objectives:
          publishLatencyP99Ms: 50
        bounds:
          minBrokers: 1
          maxBrokers: 3
          minBookies: 1
          maxBookies: 3
          knobs:
          - {name: dispatcherMaxReadBatchSize, min: 50, max: 500}
        mode: Auto
      """;

  @Test
  void unreadableFileIsBadInput() {
    assertThat(run("--local", dir.resolve("missing.yaml").toString(), "--metrics-port", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot read BrokerCluster from");
  }

  @Test
  void invalidSpecListsEveryProblem() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        VALID
            .replace("http://127.0.0.1:8080", "ftp://nowhere")
            .replace("minBrokers: 1", "minBrokers: 5")
            .replace("dispatcherMaxReadBatchSize", "managedLedgerDefaultWriteQuorum"));
    assertThat(run("--local", f.toString(), "--broker-metrics", "http://127.0.0.1:1/metrics/"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("invalid BrokerCluster dev:")
        .contains("pulsar.adminUrl=ftp://nowhere is not an http(s) URL with a host")
        .contains("bounds.minBrokers=5 is above bounds.maxBrokers=3")
        .contains("knob managedLedgerDefaultWriteQuorum is never tuned");
  }

  @Test
  void localModeNeedsABrokerMetricsUrl() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    assertThat(run("--local", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--local needs at least one --broker-metrics URL");
  }

  @Test
  void helpNamesTheOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--local=<file.yaml>")
        .contains("--decisions-dir=<dir>")
        .contains("--[no-]leader-election")
        .contains("--metrics-port");
  }
}
