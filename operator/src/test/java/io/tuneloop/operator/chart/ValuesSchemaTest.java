package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns bad values into a Helm error that names the value, before rendering. */
class ValuesSchemaTest {
  private final TuneloopChart chart = TuneloopChart.checkedIn();

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "operator.replicas               | two           | /operator/replicas               | want integer",
        "operator.replicas               | 0             | /operator/replicas               | minimum",
        "operator.metricsPort            | 70000         | /operator/metricsPort            | maximum",
        "operator.ompNumThreads          | many          | /operator/ompNumThreads          | want integer",
        "operator.replica                | 2             | /operator                        | replica",
        "operator.watchNamespaces[0]     | Pulsar_NS     | /operator/watchNamespaces/0      | pattern",
        "operator.nativeCache.sizeLimit  | lots          | /operator/nativeCache/sizeLimit  | pattern",
        "image.pullPolicy                | Sometimes     | /image/pullPolicy                | one of",
        "metrics.serviceMonitor.interval | 30 seconds    | /metrics/serviceMonitor/interval | pattern",
        "aggregator.aggregation          | MEDIAN        | /aggregator/aggregation          | one of",
        "aggregator.sampleCap            | 0             | /aggregator/sampleCap            | minimum",
        "aggregator.roundTimeout         | 30m           | /aggregator/roundTimeout         | pattern",
        "aggregator.serviceUrl           | http://x:8080 | /aggregator/serviceUrl           | pattern",
        "rbac.create                     | maybe         | /rbac/create                     | want boolean",
      })
  void aBadValueFailsWithAMessageNamingIt(String key, String value, String at, String why) {
    Throwable t = catchThrowable(() -> chart.render(Map.of(key, value)));
    assertThat(t).as("%s=%s was accepted", key, value).isNotNull();
    assertThat(t.getMessage())
        .contains("values don't meet the specifications of the schema")
        .contains("at '" + at + "'")
        .contains(why);
  }

  /** Helm's --set keeps 0.5 a string, so fractions are checked from a values file. */
  @Test
  void aFractionOutOfRangeFailsFromAValuesFile() throws IOException {
    Path values = Files.createDirectories(Path.of("target", "chart-values")).resolve("trim.yaml");
    Files.writeString(values, "aggregator:\n  trimFraction: 0.5\n  samplingRate: 1.5\n");
    Throwable t = catchThrowable(() -> chart.render(values));
    assertThat(t).isNotNull();
    assertThat(t.getMessage())
        .contains("at '/aggregator/trimFraction'")
        .contains("at '/aggregator/samplingRate'");
  }
}
