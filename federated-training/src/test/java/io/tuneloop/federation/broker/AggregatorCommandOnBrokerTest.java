package io.tuneloop.federation.broker;

import static io.tuneloop.federation.broker.FederationHarness.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.federation.aggregator.AggregatorCommand;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineCodec;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.update.UpdateComposer;
import io.tuneloop.federation.update.UpdatePublisher;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tuneloop aggregator} end to end: set-up, initial baseline, one round, its metrics and
 * health endpoint, clean stop.
 */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AggregatorCommandOnBrokerTest {

  @Test
  void setsUpTheNamespaceSeedsTheBaselineAndAggregates(StandaloneBroker broker, @TempDir Path dir)
      throws Exception {
    String tenant = "cmd-" + UUID.randomUUID().toString().substring(0, 8);
    FederationTopics topics = new FederationTopics(tenant);
    Baseline initial =
        new Baseline(
            0,
            0,
            SCHEMA.version(),
            SCHEMA.fingerprint(),
            new float[] {1, 1, 1},
            Lineage.initial(Instant.now(), 1e-5));
    Path file = dir.resolve("baseline-0.bin");
    Files.write(file, new BaselineCodec().encode(initial));

    AggregatorCommand command = new AggregatorCommand();
    int metricsPort = freePort();
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build()) {
      Future<Integer> exit =
          runner.submit(
              () ->
                  new CommandLine(command)
                      .execute(
                          "--service-url", broker.serviceUrl(),
                          "--admin-url", broker.webServiceUrl(),
                          "--tenant", tenant,
                          "--round-size", "3",
                          "--min-round-size", "2",
                          "--round-timeout", "PT1S",
                          "--aggregation", "TRIMMED_MEAN",
                          "--trim-fraction", "0",
                          "--clip-norm", "10",
                          "--initial-baseline", file.toString(),
                          "--metrics-port", Integer.toString(metricsPort)));
      // The command creates the tenant and namespace; wait until the seeded baseline is readable.
      try (BaselineReader reader = awaitSeeded(broker, client, topics, exit);
          UpdatePublisher out =
              UpdatePublisher.create(client, topics, new UpdateComposer(new L2Clip(10), "c-x"))) {
        assertThat(reader.newest().orElseThrow()).isEqualTo(initial);
        // Two of three updates: the one-second timeout closes the round with the minimum of two.
        for (String c : new String[] {"c-1", "c-2"}) {
          out.send(
              new ModelUpdate(
                  1, 0, 5, SCHEMA.version(), SCHEMA.fingerprint(), c, new float[] {1, 2, 3}));
        }
        Baseline v1 = FederationHarness.awaitVersion(reader, 1);
        assertThat(v1.parameters()).containsExactly(2f, 3f, 4f);
        assertThat(v1.lineage().method()).isEqualTo("trimmed-mean(0.0,clip=10.0)");
        assertThat(v1.lineage().participants()).hasSize(2);

        assertThat(get(http, metricsPort, "/-/healthy").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = awaitRoundsMetric(http, metricsPort);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("tuneloop_aggregator_rounds_published_total 1.0")
            .contains("tuneloop_aggregator_updates_accepted_total 2.0")
            .contains("tuneloop_aggregator_updates_rejected_total{reason=\"LATE\"} 0.0")
            .contains("tuneloop_aggregator_baseline_version 1.0")
            .contains("tuneloop_aggregator_baseline_round 1.0");
      } finally {
        command.stop();
      }
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      // The metrics server goes with the command: nothing listens on its port any more.
      assertThatThrownBy(() -> get(http, metricsPort, "/-/healthy"))
          .isInstanceOf(ConnectException.class);
    } finally {
      runner.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The baseline is readable a moment before the aggregator counts it published (it counts after
   * the broker's acknowledgement), so the scrape is retried briefly.
   */
  private static HttpResponse<String> awaitRoundsMetric(HttpClient http, int port)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      HttpResponse<String> r = get(http, port, "/metrics");
      if (r.body().contains("tuneloop_aggregator_rounds_published_total 1.0")
          || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  /** Waits (through the admin API, quietly) until the command has created the topics. */
  private static BaselineReader awaitSeeded(
      StandaloneBroker broker, PulsarClient client, FederationTopics topics, Future<Integer> exit)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build()) {
      while (true) {
        try {
          if (admin.topics().getList(topics.namespace()).contains(topics.baselines())) {
            break;
          }
        } catch (PulsarAdminException notYet) {
          // Tenant or namespace not created yet.
        }
        assertThat(System.nanoTime()).as("topics created in time").isLessThan(deadline);
        assertThat(exit.isDone()).as("the command is still running").isFalse();
        Thread.sleep(100);
      }
    }
    BaselineReader reader =
        BaselineReader.open(client, topics, SCHEMA.version(), SCHEMA.fingerprint());
    assertThat(reader.awaitNewerThan(-1, Duration.ofSeconds(30))).isPresent();
    return reader;
  }
}
