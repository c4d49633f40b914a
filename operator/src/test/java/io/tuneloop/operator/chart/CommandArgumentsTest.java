package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tuneloop.federation.aggregator.AggregatorCommand;
import io.tuneloop.operator.cli.OperatorCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The arguments the chart renders are ones the real commands accept: each Deployment's args, after
 * the subcommand name, parse with that subcommand's picocli definition into the intended values. A
 * renamed or mistyped flag fails here rather than in a crash-looping pod.
 */
class CommandArgumentsTest {
  private final TuneloopChart chart = TuneloopChart.checkedIn();

  @Test
  void operatorArgumentsParseWithDefaultsAndEveryOption() {
    ParseResult defaults = operatorArgs(chart.render(), "tl-tuneloop-operator");
    assertThat(defaults.matchedOptionValue("--leader-election", false)).isTrue();
    assertThat(defaults.matchedOptionValue("--lease-namespace", ""))
        .isEqualTo(TuneloopChart.NAMESPACE);
    assertThat(defaults.matchedOptionValue("--metrics-port", 0)).isEqualTo(9090);
    assertThat(defaults.matchedOptionValue("--model-dir", Path.of("")))
        .isEqualTo(Path.of("/var/lib/tuneloop/models"));
    assertThat(defaults.hasMatchedOption("--namespace")).isFalse();

    ParseResult all =
        operatorArgs(
            chart.render(TuneloopChart.values("all-features.yaml")), "pulsar-tuner-operator");
    assertThat(all.matchedOptionValue("--namespace", List.<String>of()))
        .containsExactly("pulsar", "pulsar-canary");
    assertThat(all.matchedOptionValue("--metrics-port", 0)).isEqualTo(9404);
    assertThat(all.matchedOptionValue("--progress-poll-seconds", 0)).isEqualTo(5);

    ParseResult off =
        operatorArgs(
            chart.render(TuneloopChart.values("leader-election-off.yaml")), "tl-tuneloop-operator");
    assertThat(off.matchedOptionValue("--leader-election", true)).isFalse();
  }

  @Test
  void aggregatorArgumentsParseIntoTheConfiguredValues() {
    RenderedChart r = chart.render(TuneloopChart.values("all-features.yaml"));
    List<String> args = args(r, "pulsar-tuner-aggregator");
    assertThat(args.get(0)).isEqualTo("aggregator");
    ParseResult p =
        new CommandLine(new AggregatorCommand())
            .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertThat(p.matchedOptionValue("--service-url", ""))
        .isEqualTo("pulsar://pulsar-broker.pulsar.svc:6650");
    assertThat(p.matchedOptionValue("--round-size", 0)).isEqualTo(20);
    assertThat(p.matchedOptionValue("--round-timeout", Duration.ZERO))
        .isEqualTo(Duration.ofHours(1));
    assertThat(p.matchedOptionValue("--trim-fraction", 0.0)).isEqualTo(0.1);
    assertThat(p.matchedOptionValue("--clip-norm", 0.0)).isEqualTo(2.5);
    assertThat(p.matchedOptionValue("--sample-cap", 0L)).isEqualTo(5000L);
    assertThat(p.matchedOptionValue("--target-delta", 0.0)).isEqualTo(1e-6);
    assertThat(p.matchedOptionValue("--aggregation", (Object) null)).hasToString("FEDAVG");

    // The defaults in values.yaml parse too (the aggregator switched on with only its URL).
    List<String> defaults =
        args(
            chart.render(
                java.util.Map.of(
                    "aggregator.enabled", true, "aggregator.serviceUrl", "pulsar://p:6650")),
            "tl-tuneloop-aggregator");
    ParseResult d =
        new CommandLine(new AggregatorCommand())
            .parseArgs(defaults.subList(1, defaults.size()).toArray(String[]::new));
    assertThat(d.matchedOptionValue("--target-delta", 0.0)).isEqualTo(1e-5);
    assertThat(d.matchedOptionValue("--clip-norm", 0.0)).isEqualTo(1.0);
  }

  private static ParseResult operatorArgs(RenderedChart r, String deployment) {
    List<String> args = args(r, deployment);
    assertThat(args.get(0)).isEqualTo("operator");
    return new CommandLine(new OperatorCommand())
        .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
  }

  private static List<String> args(RenderedChart r, String deployment) {
    JsonNode container = r.one("Deployment", deployment).at("/spec/template/spec/containers/0");
    List<String> out = new ArrayList<>();
    container.path("args").forEach(a -> out.add(a.asText()));
    return out;
  }
}
