package io.tuneloop.app.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The notebooks in {@code notebooks/} run top to bottom on the committed sample, headless with
 * Debian's Jupyter ({@code jupyter nbconvert --execute}) into {@code target/notebooks/}; a cell
 * that raises fails the build. Without jupyter the run is skipped, except in CI ({@code CI=true}),
 * where {@code .ci/run} installs it.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "notebooks").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> notebooks() {
    return Stream.of(
        "decisions-review.ipynb",
        "model-evaluation.ipynb",
        "benchmark-comparison.ipynb",
        "federation-rounds.ipynb");
  }

  @Test
  void theSampleTheNotebooksReadIsCommitted() {
    for (String f : List.of("windows.csv", "decisions.csv", "federation-rounds.csv")) {
      assertThat(NOTEBOOKS.resolve("data").resolve(f)).isNotEmptyFile();
    }
  }

  @ParameterizedTest
  @MethodSource("notebooks")
  void committedNotebookHasItsOutputsCleared(String name) throws IOException {
    JsonNode nb = JSON.readTree(NOTEBOOKS.resolve(name).toFile());
    for (JsonNode cell : nb.get("cells")) {
      if ("code".equals(cell.get("cell_type").asText())) {
        assertThat(cell.get("outputs")).as("outputs of a cell in %s", name).isEmpty();
        assertThat(cell.get("execution_count").isNull())
            .as("execution_count of a cell in %s", name)
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("notebooks")
  void runsTopToBottomOnTheCommittedSample(String name) throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(
        ci || jupyterPresent(), "jupyter nbconvert is not installed (and CI is not true): skipped");
    Files.createDirectories(OUT);
    Path log = OUT.resolve(name.replace(".ipynb", ".log"));
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=600",
            "--output-dir",
            OUT.toString(),
            NOTEBOOKS.resolve(name).toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // The committed sample, whatever the caller's environment points at.
    pb.environment().keySet().removeIf(k -> k.startsWith("TUNELOOP_"));
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    pb.environment().put("MPLBACKEND", "agg");
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not finish in 15 minutes; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("jupyter nbconvert --execute %s:%n%s", name, output).isZero();

    JsonNode executed = JSON.readTree(OUT.resolve(name).toFile());
    int codeCells = 0;
    for (JsonNode cell : executed.get("cells")) {
      if (!"code".equals(cell.get("cell_type").asText())) {
        continue;
      }
      codeCells++;
      assertThat(cell.get("execution_count").isNull())
          .as("a cell of %s did not run", name)
          .isFalse();
      for (JsonNode o : cell.get("outputs")) {
        assertThat(o.get("output_type").asText())
            .as("output of a cell in %s", name)
            .isNotEqualTo("error");
      }
    }
    assertThat(codeCells).isPositive();
  }

  private static boolean jupyterPresent() {
    try {
      Process p =
          new ProcessBuilder("jupyter", "nbconvert", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
