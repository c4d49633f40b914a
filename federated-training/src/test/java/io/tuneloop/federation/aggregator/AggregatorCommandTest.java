package io.tuneloop.federation.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.aggregation.TrimmedMean;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AggregatorCommandTest {
  private static AggregatorCommand parse(String... args) {
    AggregatorCommand c = new AggregatorCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void defaultsToATrimmedMeanWithoutNoise() {
    AggregatorCommand c = parse("--service-url", "pulsar://x:6650");
    assertThat(c.rule()).isInstanceOf(TrimmedMean.class);
    assertThat(c.rule().method()).isEqualTo("trimmed-mean(0.2,clip=1.0)");
  }

  @Test
  void noiseSelectsDpFedAvgCalibratedToTheClipBound() {
    AggregatorCommand c =
        parse(
            "--service-url", "pulsar://x:6650",
            "--aggregation", "FEDAVG",
            "--clip-norm", "0.5",
            "--noise-multiplier", "1.2",
            "--round-size", "20");
    assertThat(c.rule()).isInstanceOf(DpFedAvg.class);
    assertThat(((DpFedAvg) c.rule()).noiseStddev()).isEqualTo(1.2 * 0.5 / 20);
    assertThat(parse("--service-url", "u", "--aggregation", "FEDAVG").rule())
        .isInstanceOf(FedAvg.class);
  }

  @Test
  void refusesNoiseThatWouldNotBuyTheReportedPrivacy() {
    assertThatThrownBy(() -> parse("--service-url", "u", "--noise-multiplier", "1").rule())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("needs --aggregation FEDAVG");
    assertThatThrownBy(
            () ->
                parse(
                        "--service-url", "u",
                        "--aggregation", "FEDAVG",
                        "--clip-norm", "Infinity",
                        "--noise-multiplier", "1")
                    .rule())
        .hasMessageContaining("finite --clip-norm");
    assertThatThrownBy(() -> parse("--service-url", "u", "--clip-norm", "-1").rule())
        .hasMessageContaining("clip bound=-1.0");
  }

  @Test
  void servesMetricsOnItsOwnPortByDefault() {
    assertThat(parse("--service-url", "u").metricsPort).isEqualTo(8081);
    assertThat(parse("--service-url", "u", "--metrics-port", "0").metricsPort).isZero();
  }

  @Test
  void refusesAMetricsPortOutsideTheTcpRangeBeforeTouchingPulsar() {
    for (String port : new String[] {"-1", "65536"}) {
      int code =
          new CommandLine(new AggregatorCommand())
              .execute("--service-url", "pulsar://127.0.0.1:1", "--metrics-port", port);
      assertThat(code).as("--metrics-port=%s", port).isEqualTo(2);
    }
  }

  @Test
  void refusesAnInconsistentRoundPolicyWithAUsageError() {
    int code =
        new CommandLine(new AggregatorCommand())
            .execute(
                "--service-url",
                "pulsar://127.0.0.1:1",
                "--round-size",
                "2",
                "--min-round-size",
                "5");
    assertThat(code).isEqualTo(2);
  }
}
