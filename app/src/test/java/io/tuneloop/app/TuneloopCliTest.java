package io.tuneloop.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.telemetry.features.FeatureSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TuneloopCliTest {

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TuneloopCli());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void versionNamesTheBuildItsDependenciesAndTheSchema() {
    Run r = run("version");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("tuneloop        0.1.0-SNAPSHOT")
        .contains("pulsar          4.0.7")
        .contains("deeplearning4j  1.0.0-M2.1")
        .contains(FeatureSchema.v1().fingerprint());
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Usage: tuneloop")
        .contains("version", "snapshot", "operator", "bench", "calibrate", "pretrain-baseline")
        .contains("aggregator");
  }

  @Test
  void anUnknownSubcommandFailsWithUsage() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument").contains("frobnicate");
  }
}
