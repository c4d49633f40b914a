package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the CRDs checked in under {@code crds/} unchanged (Helm installs its {@code
 * crds/} folder before the templates and never upgrades it). Refresh both together: see
 * docs/CONTRIBUTING.md.
 */
class ChartCrdsTest {
  static final String REFRESH =
      "charts/tuneloop/crds/ differs from crds/; refresh it with:\n"
          + "  cp crds/*-v1.yml charts/tuneloop/crds/";

  @Test
  void chartCrdsAreByteIdenticalToTheCheckedInCrds() throws IOException {
    Path repo = Path.of(System.getProperty("tuneloop.crds.dir", "../crds"));
    Path chart = TuneloopChart.checkedInDir().resolve("crds");
    List<String> want = yamlFiles(repo);
    assertThat(want).as("CRDs in %s", repo).isNotEmpty();
    assertThat(yamlFiles(chart)).as(REFRESH).isEqualTo(want);
    for (String f : want) {
      assertThat(Files.readAllBytes(chart.resolve(f)))
          .as("%s\n%s", f, REFRESH)
          .isEqualTo(Files.readAllBytes(repo.resolve(f)));
    }
  }

  @Test
  void chartCrdsAreValidCustomResourceDefinitionsStrictly() throws IOException {
    Path chart = TuneloopChart.checkedInDir().resolve("crds");
    StrictManifests strict = new StrictManifests();
    for (String f : yamlFiles(chart)) {
      RenderedChart docs = RenderedChart.parse(Files.readString(chart.resolve(f)));
      assertThat(docs.documents()).as(f).hasSize(1);
      HasMetadata crd = strict.read(docs.documents().get(0));
      assertThat(crd).as(f).isInstanceOf(CustomResourceDefinition.class);
      assertThat(f).startsWith(crd.getMetadata().getName() + "-");
    }
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
