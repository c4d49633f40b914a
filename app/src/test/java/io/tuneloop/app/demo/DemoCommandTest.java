package io.tuneloop.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tuneloop demo --duration 75s} end to end: a real broker under the roller-coaster load, the
 * loop in Auto mode with the shipped baseline, the decisions page answering while it runs, and
 * nothing left behind: no child process, no files.
 */
class DemoCommandTest {
  private static final Pattern PAGE = Pattern.compile("decisions page: (http://\\S+)");
  private static final Pattern DONE = Pattern.compile("done: (\\d+) passes, (\\d+) decisions");

  @TempDir Path root;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runsTheLoopServesThePageAndLeavesNothingBehind() throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DemoCommand());
    cl.setOut(out);
    cl.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                cl.execute(
                    "--duration",
                    "75s",
                    "--port",
                    "0",
                    "--refresh-seconds",
                    "2",
                    "--work-root",
                    root.toString()));

    URI page = awaitPageUrl(text, demo);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String html = "";
    // Poll until the page shows the cluster (after the first pass), while the demo runs.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!demo.isDone() && System.nanoTime() < until && !html.contains("<h2>local/demo</h2>")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      html = r.body();
      Thread.sleep(2000);
    }
    assertThat(html).contains("Tuneloop decisions").contains("<h2>local/demo</h2>");
    // The chart's history holds what the loop's passes observed in this run.
    JsonNode json =
        new ObjectMapper()
            .readTree(
                http.send(
                        HttpRequest.newBuilder(page.resolve("decisions.json"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
    JsonNode history = json.get("clusters").get(0).get("history");
    assertThat(history).isNotEmpty();
    assertThat(history.get(history.size() - 1).get("fromDecision").asBoolean()).isFalse();
    assertThat(history.get(0).get("brokers").asInt()).isEqualTo(1);

    int code = demo.get(4, TimeUnit.MINUTES);
    String output = text.toString();
    assertThat(code).as("exit code; out:\n%s\nerr:\n%s", output, err).isZero();
    assertThat(output)
        .contains("model: ")
        .contains("local mode: replicas stay at 1 broker(s) and 1 bookie(s)")
        .contains("passes ")
        .contains("p99 ");
    Matcher done = DONE.matcher(output);
    assertThat(done.find()).as(output).isTrue();
    assertThat(Integer.parseInt(done.group(1))).as("loop passes").isGreaterThanOrEqualTo(1);

    // Nothing left: the broker's JVM has exited and the demo's directory is gone.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<ProcessHandle> alive = alive();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      alive = alive();
    }
    assertThat(alive).as("child processes of the test JVM").isEmpty();
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.toList()).as("files left under the work root").isEmpty();
    }
    assertThat(
            http.sendAsync(
                HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.discarding()))
        .as("the page server is stopped")
        .failsWithin(Duration.ofSeconds(20));
  }

  private static List<ProcessHandle> alive() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
  }

  private static URI awaitPageUrl(StringWriter text, CompletableFuture<Integer> demo)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < until) {
      Matcher m = PAGE.matcher(text.toString());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (demo.isDone()) {
        throw new AssertionError("the demo ended before serving its page:\n" + text);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no page URL after 150 s:\n" + text);
  }
}
