package io.tuneloop.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselinePublisher;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.topics.FederationNamespace;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.update.ModelUpdateCodec;
import io.tuneloop.federation.update.PseudonymousId;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The operator's side of federated training against the real fixture broker: re-basing on published
 * baselines, refusing ones that do not fit, and sharing adopted fine-tunes.
 */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FederationOnBrokerTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();
  private static final EnsembleConfig SMALL = new EnsembleConfig(3, List.of(4), 1e-3, 1e-5, 4_242L);
  private static final byte[] SECRET =
      "a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private PulsarClient client;
  private PulsarAdmin admin;
  private FederationTopics topics;
  private Federations federations;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void federation(StandaloneBroker broker) throws Exception {
    client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
    admin = PulsarAdmin.builder().serviceHttpUrl(broker.webServiceUrl()).build();
    topics = new FederationTopics("op-" + UUID.randomUUID().toString().substring(0, 8));
    new FederationNamespace(admin)
        .ensure(topics, FederationTopics.AGGREGATOR_SUBSCRIPTION, 1024 * 1024);
    federations = new Federations(SECRET, SCHEMA, Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    federations.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
    admin.close();
    client.close();
  }

  @Test
  void aPublishedBaselineIsPickedUpAndTheModelReBasedKeepingItsLocalDelta(
      StandaloneBroker broker, @TempDir Path dir) throws Exception {
    PerformanceModel local = model();
    int n = (int) local.numParams();
    float[] b0 = random(n, 1, 0.5f);
    publish(baseline(0, b0, SCHEMA.fingerprint()));
    ModelStore store = new ModelStore(dir.resolve("c1"), SCHEMA);
    List<PerformanceModel> told = new ArrayList<>();
    ClusterFederation fed =
        federations.join(plan(broker, false), local, store, told::add).orElseThrow();

    // Start-up: no local training on a federated baseline yet, so the model is the baseline.
    assertThat(fed.baselineVersion()).contains(0L);
    assertThat(fed.lastEvent().reason()).isEqualTo(FederationEvent.REBASED);
    assertThat(fed.model().params().toFloatVector()).containsExactly(b0);
    assertThat(fed.model().metadata().lineage().baselineVersion()).isEqualTo("federated-0");

    // Local fine-tuning moves the weights by a delta.
    float[] delta = random(n, 2, 0.01f);
    PerformanceModel tuned = fed.model().derive("c1-tuned", Instant.now());
    tuned.setParams(Nd4j.create(add(b0, delta)).reshape(1, n));
    store.save(tuned);
    assertThat(fed.adopted(tuned, 25).reason()).isEqualTo(FederationEvent.UPDATE_NOT_SHARED);

    // A newer baseline: personal = new baseline + local delta.
    float[] b1 = random(n, 3, 0.5f);
    publish(baseline(1, b1, SCHEMA.fingerprint()));
    await(() -> fed.baselineVersion().orElse(-1L) == 1L);
    float[] got = fed.model().params().toFloatVector();
    float[] expected = add(b1, delta);
    for (int i = 0; i < n; i++) {
      assertThat((double) got[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6));
    }
    assertThat(fed.model().metadata().lineage())
        .isEqualTo(new io.tuneloop.tuning.model.Lineage("federated-1", "c1-tuned"));
    assertThat(told).extracting(PerformanceModel::version).contains(fed.model().version());

    // Saved: after a restart the store hands back the re-based model and nothing moves.
    PerformanceModel reloaded = store.loadCurrentOrBaseline().model();
    assertThat(reloaded.version()).isEqualTo(fed.model().version());
    assertThat(reloaded.params().toFloatVector()).containsExactly(got);
    federations.close();
    federations = new Federations(SECRET, SCHEMA, Clock.systemUTC());
    ClusterFederation again =
        federations.join(plan(broker, false), reloaded, store, m -> {}).orElseThrow();
    assertThat(again.baselineVersion()).contains(1L);
    assertThat(again.lastEvent().reason()).isEqualTo(FederationEvent.BASELINE_CURRENT);
    assertThat(again.model().params().toFloatVector()).containsExactly(got);

    // shareUpdates=false: nothing reached the updates topic.
    assertThat(updates(Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void aBaselineOfAnotherLayoutOrSchemaIsRefusedAndTheModelIsUnchanged(
      StandaloneBroker broker, @TempDir Path dir) throws Exception {
    PerformanceModel local = model();
    int n = (int) local.numParams();
    float[] b0 = random(n, 4, 0.5f);
    publish(baseline(0, b0, SCHEMA.fingerprint()));
    ModelStore store = new ModelStore(dir.resolve("c1"), SCHEMA);
    ClusterFederation fed =
        federations.join(plan(broker, false), local, store, m -> {}).orElseThrow();
    String version = fed.model().version();
    Path saved = store.current().orElseThrow();

    publish(baseline(1, random(n + 7, 5, 0.5f), SCHEMA.fingerprint()));
    await(() -> fed.lastEvent().reason().equals(FederationEvent.BASELINE_REFUSED));
    assertThat(fed.lastEvent().ok()).isFalse();
    assertThat(fed.lastEvent().message()).contains(String.valueOf(n + 7)).contains("parameters");
    assertThat(fed.baselineVersion()).contains(0L);
    assertThat(fed.model().version()).isEqualTo(version);
    assertThat(fed.model().params().toFloatVector()).containsExactly(b0);
    assertThat(store.current()).contains(saved);

    // Another fingerprint under the same schema key: the reader skips it, nothing changes.
    publish(baseline(2, random(n, 6, 0.5f), "another-fingerprint"));
    // A fitting baseline published after it proves the bad one has been read and passed over.
    float[] b3 = random(n, 7, 0.5f);
    Baseline wrongDirect = baseline(3, b3, "another-fingerprint");
    assertThat(fed.offer(wrongDirect).reason()).isEqualTo(FederationEvent.BASELINE_REFUSED);
    assertThat(fed.model().params().toFloatVector()).containsExactly(b0);
    publish(baseline(4, b3, SCHEMA.fingerprint()));
    await(() -> fed.baselineVersion().orElse(-1L) == 4L);
    assertThat(fed.model().params().toFloatVector()).containsExactly(b3);
  }

  @Test
  void anAdoptedFineTunePublishesExactlyOneClippedPseudonymousUpdate(
      StandaloneBroker broker, @TempDir Path dir) throws Exception {
    PerformanceModel local = model();
    int n = (int) local.numParams();
    float[] b0 = random(n, 8, 0.5f);
    publish(baseline(0, b0, SCHEMA.fingerprint()));
    ModelStore store = new ModelStore(dir.resolve("c1"), SCHEMA);
    ClusterFederation fed =
        federations.join(plan(broker, true), local, store, m -> {}).orElseThrow();

    float[] delta = random(n, 9, 0.2f); // norm well above the clip bound of 0.5
    assertThat(L2Clip.norm(delta)).isGreaterThan(1.0);
    PerformanceModel tuned = fed.model().derive("c1-tuned", Instant.now());
    tuned.setParams(Nd4j.create(add(b0, delta)).reshape(1, n));
    FederationEvent ev = fed.adopted(tuned, 42);
    assertThat(ev.reason()).as(ev.message()).isEqualTo(FederationEvent.UPDATE_PUBLISHED);

    List<ModelUpdate> sent = updates(Duration.ofSeconds(2));
    assertThat(sent).hasSize(1);
    ModelUpdate u = sent.get(0);
    assertThat(u.sampleCount()).isEqualTo(42);
    assertThat(u.baselineVersion()).isZero();
    assertThat(u.schemaFingerprint()).isEqualTo(SCHEMA.fingerprint());
    float[] clipped = new L2Clip(0.5).apply(delta);
    float[] got = u.delta();
    for (int i = 0; i < n; i++) {
      assertThat((double) got[i]).as("delta %d", i).isCloseTo(clipped[i], within(1e-6));
    }
    assertThat(u.l2Norm()).isCloseTo(0.5, within(1e-4));
    assertThat(u.clusterId())
        .doesNotContain("c1")
        .doesNotContain("fed-ns")
        .isEqualTo(new PseudonymousId(SECRET).of("fed-ns/c1"));
  }

  @Test
  void aFailedPublishIsReportedNotThrown(StandaloneBroker broker, @TempDir Path dir)
      throws Exception {
    PerformanceModel local = model();
    int n = (int) local.numParams();
    float[] b0 = random(n, 10, 0.5f);
    publish(baseline(0, b0, SCHEMA.fingerprint()));
    ModelStore store = new ModelStore(dir.resolve("c1"), SCHEMA);
    ClusterFederation fed =
        federations.join(plan(broker, true), local, store, m -> {}).orElseThrow();
    // The operator shuts its clients down: the next publish cannot go out.
    federations.close();
    PerformanceModel tuned = fed.model().derive("c1-tuned", Instant.now());
    tuned.setParams(Nd4j.create(add(b0, random(n, 11, 0.01f))).reshape(1, n));
    FederationEvent ev = fed.adopted(tuned, 5);
    assertThat(ev.ok()).isFalse();
    assertThat(ev.reason()).isEqualTo(FederationEvent.UPDATE_PUBLISH_FAILED);
    assertThat(fed.model()).isSameAs(tuned);
    assertThat(updates(Duration.ofSeconds(1))).isEmpty();
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private ClusterPlan plan(StandaloneBroker broker, boolean share) {
    BrokerClusterSpec spec = ClusterSpecs.valid("http://b:8080");
    spec.federation.join = true;
    spec.federation.serviceUrl = broker.serviceUrl();
    spec.federation.tenant = topics.tenant();
    spec.federation.shareUpdates = share;
    spec.federation.privacy.clipNorm = 0.5;
    return new SpecValidator((ns, s, k) -> Optional.empty())
        .validate("fed-ns", "c1", spec)
        .plan()
        .orElseThrow();
  }

  private static PerformanceModel model() {
    return PerformanceModel.initialise(
        SMALL,
        SCHEMA,
        "c1-initial",
        io.tuneloop.tuning.model.Lineage.baseline("shipped-test"),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private void publish(Baseline b) throws Exception {
    try (BaselinePublisher p = BaselinePublisher.create(client, topics)) {
      p.publish(b);
    }
  }

  private List<ModelUpdate> updates(Duration quiet) throws Exception {
    List<ModelUpdate> out = new ArrayList<>();
    try (Reader<byte[]> r =
        client
            .newReader(Schema.BYTES)
            .topic(topics.updates())
            .startMessageId(MessageId.earliest)
            .create()) {
      ModelUpdateCodec codec = new ModelUpdateCodec();
      Message<byte[]> m;
      while ((m = r.readNext((int) quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        out.add(codec.decode(m.getValue()));
      }
    }
    return out;
  }

  private static Baseline baseline(long version, float[] params, String fingerprint) {
    return new Baseline(
        version,
        version,
        SCHEMA.version(),
        fingerprint,
        params,
        version == 0
            ? Lineage.initial(Instant.now(), 1e-5)
            : new Lineage(
                version - 1,
                Instant.now(),
                "fedavg",
                List.of(),
                1.0,
                0,
                0,
                0,
                1.0,
                1e-5,
                Double.POSITIVE_INFINITY,
                io.tuneloop.federation.privacy.PrivacyLedger.empty(),
                java.util.Map.of()));
  }

  private static float[] random(int n, long seed, float scale) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale);
    }
    return v;
  }

  private static float[] add(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static void await(Supplier<Boolean> done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.get()) {
      assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
