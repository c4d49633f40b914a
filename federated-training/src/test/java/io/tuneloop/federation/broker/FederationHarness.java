package io.tuneloop.federation.broker;

import io.tuneloop.federation.aggregator.AggregatorSettings;
import io.tuneloop.federation.aggregator.FederationAggregator;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselinePublisher;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.round.RoundAggregation;
import io.tuneloop.federation.round.RoundPolicy;
import io.tuneloop.federation.topics.FederationNamespace;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.telemetry.features.FeatureSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * One test's private federation on the shared broker: its own tenant (so topics never collide), the
 * namespace set up as production does, a first baseline, and helpers to run aggregators and wait
 * for their baselines.
 */
final class FederationHarness implements AutoCloseable {
  static final FeatureSchema SCHEMA = FeatureSchema.v1();
  static final Duration WAIT = Duration.ofSeconds(60);

  final PulsarClient client;
  final PulsarAdmin admin;
  final FederationTopics topics;
  private final List<AutoCloseable> resources = new ArrayList<>();

  FederationHarness(StandaloneBroker broker) throws Exception {
    this.client =
        PulsarClient.builder()
            .serviceUrl(broker.serviceUrl())
            .operationTimeout(30, TimeUnit.SECONDS)
            .build();
    this.admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
    this.topics = new FederationTopics("fed-" + UUID.randomUUID().toString().substring(0, 8));
    new FederationNamespace(admin)
        .ensure(topics, FederationTopics.AGGREGATOR_SUBSCRIPTION, 1024 * 1024);
  }

  /** Publishes version 0 with the given parameters, as the shipped baseline would be. */
  Baseline seed(float[] parameters) throws Exception {
    Baseline b =
        new Baseline(
            0,
            0,
            SCHEMA.version(),
            SCHEMA.fingerprint(),
            parameters,
            Lineage.initial(Instant.now(), 1e-5));
    try (BaselinePublisher p = BaselinePublisher.create(client, topics)) {
      p.publish(b);
    }
    return b;
  }

  static AggregatorSettings settings(int roundSize, int minSize, Duration timeout) {
    return new AggregatorSettings(
        SCHEMA.version(),
        SCHEMA.fingerprint(),
        new RoundPolicy(roundSize, minSize, timeout),
        FederationTopics.AGGREGATOR_SUBSCRIPTION,
        Duration.ofMillis(100),
        WAIT,
        ModelUpdate.MAX_PARAMETERS);
  }

  /** Starts an aggregator; the harness closes it unless the test does first. */
  FederationAggregator aggregator(AggregatorSettings settings, RoundAggregation aggregation)
      throws Exception {
    FederationAggregator a =
        new FederationAggregator(client, topics, settings, aggregation, Clock.systemUTC());
    a.start();
    resources.add(a);
    return a;
  }

  BaselineReader reader() throws Exception {
    BaselineReader r = BaselineReader.open(client, topics, SCHEMA.version(), SCHEMA.fingerprint());
    resources.add(r);
    return r;
  }

  <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  /** The updates the aggregator's subscription has not acknowledged yet. */
  long unacknowledged() throws Exception {
    var sub =
        admin
            .topics()
            .getStats(topics.updates())
            .getSubscriptions()
            .get(FederationTopics.AGGREGATOR_SUBSCRIPTION);
    return sub == null ? -1 : sub.getMsgBacklog();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static Baseline awaitVersion(BaselineReader reader, long version) throws InterruptedException {
    return reader
        .awaitNewerThan(version - 1, WAIT)
        .orElseThrow(
            () -> new AssertionError("no baseline version " + version + " within " + WAIT));
  }

  @Override
  public void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // Closing twice (a test closed it already) is fine; keep closing the rest.
      }
    }
    admin.close();
    client.close();
  }
}
