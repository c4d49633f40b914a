package io.tuneloop.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The chart under {@code charts/tuneloop} (or a copy of it), linted and rendered by real Helm
 * through helm-java. Rendering leaves out {@code crds/}, as {@code helm template} does.
 */
final class TuneloopChart {
  static final String RELEASE = "tl";
  static final String NAMESPACE = "tuneloop-system";

  /** Rendered as if for this cluster version; the chart requires 1.25 or later. */
  static final String KUBE_VERSION = "v1.31.0";

  private final Path dir;

  TuneloopChart(Path dir) {
    this.dir = dir;
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalArgumentException(dir + " is not a Helm chart (no Chart.yaml)");
    }
    try {
      Files.createDirectories(Path.of(System.getProperty("jna.tmpdir", "target/jna")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart checked in under {@code charts/tuneloop}. */
  static TuneloopChart checkedIn() {
    return new TuneloopChart(checkedInDir());
  }

  static Path checkedInDir() {
    return Path.of(System.getProperty("tuneloop.chart.dir", "../charts/tuneloop"));
  }

  Path dir() {
    return dir;
  }

  LintResult lintStrict() {
    return new Helm(dir).lint().strict().call();
  }

  /** {@code helm template} with the chart's defaults plus the given values files, in order. */
  RenderedChart render(Path... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  /** As {@link #render(Path...)}, then {@code --set} each entry (path to value) on top. */
  RenderedChart render(Map<String, Object> sets, Path... valuesFiles) {
    return renderIn(NAMESPACE, sets, valuesFiles);
  }

  /** As {@link #render(Map, Path...)}, released into {@code namespace}. */
  RenderedChart renderIn(String namespace, Map<String, Object> sets, Path... valuesFiles) {
    TemplateCommand t =
        new Helm(dir)
            .template()
            .withName(RELEASE)
            .withNamespace(namespace)
            .withKubeVersion(KUBE_VERSION);
    for (Path f : valuesFiles) {
      t = t.withValuesFile(f);
    }
    for (Map.Entry<String, Object> e : sets.entrySet()) {
      t = t.set(e.getKey(), e.getValue());
    }
    return RenderedChart.parse(t.call());
  }

  /** A values file from {@code src/test/resources/chart/}. */
  static Path values(String name) {
    Path p = Path.of("src/test/resources/chart", name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("no values file " + p.toAbsolutePath());
    }
    return p;
  }
}
