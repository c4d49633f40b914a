package io.tuneloop.operator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link OperatorLoadRun} in its own JVM shaped like the operator's pod (heap capped at 384
 * MB, one OpenMP thread), so that its resident memory is the operator's alone. Fails on any
 * reconcile error, or when resident memory passes 512 MB. Writes target/load-report.md. {@code
 * -Dtuneloop.load.seconds} sets the run's length (90 s here by default, to keep CI bounded), {@code
 * -Dtuneloop.load.heap} the heap cap (384m).
 */
@Tag("load")
class OperatorLoadTest {
  private static final long RSS_GOAL_MB = 512;

  @Test
  void fiftyClustersOnOneReplicaWithoutErrorsWithinTheMemoryGoal() throws Exception {
    String seconds = System.getProperty("tuneloop.load.seconds", "90");
    Path report = Path.of("target", "load-report.md").toAbsolutePath();
    Files.deleteIfExists(report);
    Path log = Path.of("target", "load-run.log").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + System.getProperty("tuneloop.load.heap", "384m"));
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0");
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    String julConfig = System.getProperty("java.util.logging.config.file");
    if (julConfig != null) {
      // The mock server logs every request through java.util.logging; keep it as quiet as in tests.
      command.add("-Djava.util.logging.config.file=" + julConfig);
    }
    command.add("-Dtuneloop.crds.dir=" + System.getProperty("tuneloop.crds.dir", "../crds"));
    command.add("-Dtuneloop.load.seconds=" + seconds);
    command.add("-Dtuneloop.load.report=" + report);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OperatorLoadRun.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.directory(new File(System.getProperty("user.dir")));
    Process p = pb.start();
    try {
      boolean done = p.waitFor(Long.parseLong(seconds) + 120, TimeUnit.SECONDS);
      assertThat(done).as("the load run ended; log in " + log).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(report).as("report written; log in " + log).exists();
    String text = Files.readString(report);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(figure(text, "reconcile errors \\(exceptions out of the reconciler\\)")).isZero();
    assertThat(figure(text, "reconciles")).as(text).isPositive();
    assertThat(figure(text, "RSS high-water mark \\(VmHWM\\)"))
        .as(text)
        .isLessThanOrEqualTo(RSS_GOAL_MB);
  }

  private static long figure(String report, String name) {
    Matcher m = Pattern.compile("\\| " + name + " \\| (\\d+)").matcher(report);
    assertThat(m.find()).as(name + " in the report").isTrue();
    return Long.parseLong(m.group(1));
  }
}
