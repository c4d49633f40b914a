package io.tuneloop.federation.broker;

import static io.tuneloop.federation.broker.FederationHarness.await;
import static io.tuneloop.federation.broker.FederationHarness.awaitVersion;
import static io.tuneloop.federation.broker.FederationHarness.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.aggregation.Contribution;
import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.aggregation.TrimmedMean;
import io.tuneloop.federation.aggregator.FederationAggregator;
import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.baseline.Participant;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.learning.Attack;
import io.tuneloop.federation.learning.LinearRegressionTask;
import io.tuneloop.federation.learning.Moments;
import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.round.RoundAggregation;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.update.ModelUpdateCodec;
import io.tuneloop.federation.update.UpdateComposer;
import io.tuneloop.federation.update.UpdatePublisher;
import io.tuneloop.federation.wire.Frames;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The aggregator and simulated clusters on real topics of the shared fixture broker. */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AggregatorOnBrokerTest {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final L2Clip CLIENT_CLIP = new L2Clip(10);

  private final LinearRegressionTask task = new LinearRegressionTask(12, 0.5, 11);
  private StandaloneBroker broker;
  private FederationHarness h;

  @BeforeEach
  void setUp(StandaloneBroker broker) throws Exception {
    this.broker = broker;
    this.h = new FederationHarness(broker);
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  private static RoundAggregation fedAvg(double clip) {
    return new RoundAggregation(new FedAvg(new L2Clip(clip)), 1.0, 1e-5);
  }

  /** What honest cluster {@code k} sends for the round after {@code base}, computed offline. */
  private float[] expectedDelta(Baseline base, int k) {
    float[] p = base.parameters();
    float[] local = task.train(p, task.cluster(k, 200, 11), 3, 0.02, 100L * base.nextRound() + k);
    float[] delta = new float[p.length];
    for (int j = 0; j < p.length; j++) {
      delta[j] = local[j] - p[j];
    }
    return CLIENT_CLIP.apply(delta);
  }

  private List<SimulatedCluster> clusters(int n, int hostile, Attack attack) throws Exception {
    List<SimulatedCluster> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(
          h.track(
              new SimulatedCluster(
                  h, task, k, CLIENT_CLIP.bound(), k >= n - hostile ? attack : null)));
    }
    return out;
  }

  private static Map<RejectionReason, Long> nonZero(Map<RejectionReason, Long> m) {
    Map<RejectionReason, Long> out = new EnumMap<>(RejectionReason.class);
    m.forEach(
        (k, v) -> {
          if (v > 0) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Test
  void aFullRoundWithFiveClusters() throws Exception {
    Baseline v0 = h.seed(new float[task.dimension()]);
    FederationAggregator aggregator = h.aggregator(settings(5, 5, NEVER), fedAvg(10));
    BaselineReader observer = h.reader();
    List<SimulatedCluster> clusters = clusters(5, 0, null);
    for (SimulatedCluster c : clusters) {
      c.participate(0);
    }

    Baseline v1 = awaitVersion(observer, 1);

    List<Contribution> expected = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      expected.add(new Contribution("c" + k, 200, expectedDelta(v0, k)));
    }
    double[] mean = new FedAvg(new L2Clip(10)).aggregate(expected, task.dimension()).delta();
    float[] params = v1.parameters();
    for (int j = 0; j < params.length; j++) {
      assertThat((double) params[j]).isCloseTo(mean[j], within(1e-5));
    }
    assertThat(v1.round()).isEqualTo(1);
    assertThat(v1.lineage().parentVersion()).isZero();
    assertThat(v1.lineage().participants())
        .extracting(Participant::clusterId)
        .containsExactlyInAnyOrderElementsOf(clusters.stream().map(c -> c.id).toList());
    assertThat(v1.lineage().method()).isEqualTo("fedavg(clip=10.0)");
    assertThat(v1.lineage().epsilon()).isInfinite();
    assertThat(task.loss(params)).isLessThan(task.loss(v0.parameters()) / 3);
    await("the round's updates to be acknowledged", () -> unacknowledged() == 0);
    assertThat(aggregator.roundsPublished()).isEqualTo(1);
    assertThat(nonZero(aggregator.rejectedTotals())).isEmpty();
  }

  @Test
  void refusesDuplicateForeignMalformedAndLateUpdatesAndKeepsRunning() throws Exception {
    int d = task.dimension();
    Baseline v0 = h.seed(new float[d]);
    FederationAggregator aggregator = h.aggregator(settings(3, 3, NEVER), fedAvg(10));
    BaselineReader observer = h.reader();
    String schema = v0.schemaVersion();
    String fp = v0.schemaFingerprint();
    UpdatePublisher out =
        h.track(
            UpdatePublisher.create(h.client, h.topics, new UpdateComposer(CLIENT_CLIP, "tester")));
    Producer<byte[]> raw =
        h.track(h.client.newProducer(Schema.BYTES).topic(h.topics.updates()).create());
    ModelUpdateCodec codec = new ModelUpdateCodec();

    float[] a1 = filled(d, 0.1f);
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-a", a1));
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-a", filled(d, 5f))); // duplicate
    out.send(new ModelUpdate(1, 0, 10, "v0", "00000000", "c-old", filled(d, 1f))); // other schema
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-wide", filled(d + 1, 1f))); // other shape
    raw.send("definitely not a model update".getBytes(StandardCharsets.UTF_8));
    byte[] nan = codec.encode(new ModelUpdate(1, 0, 10, schema, fp, "c-nan", filled(d, 1f)));
    ByteBuffer.wrap(nan).putFloat(nan.length - 8, Float.NaN);
    raw.send(Frames.reseal(nan));
    byte[] future = codec.encode(new ModelUpdate(1, 0, 10, schema, fp, "c-v2", filled(d, 1f)));
    ByteBuffer.wrap(future).putShort(4, (short) 2);
    raw.send(Frames.reseal(future));
    raw.send(Arrays.copyOf(future, 6));
    raw.send(new byte[0]);
    float[] b1 = filled(d, 0.2f);
    float[] c1 = filled(d, 0.3f);
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-b", b1));
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-c", c1));

    Baseline v1 = awaitVersion(observer, 1);
    assertThat(v1.lineage().participants())
        .extracting(Participant::clusterId)
        .containsExactly("c-a", "c-b", "c-c");
    for (float p : v1.parameters()) {
      assertThat(p).isCloseTo(0.2f, within(1e-6f)); // the first update from c-a counted
    }
    Map<RejectionReason, Long> round1 =
        Map.of(
            RejectionReason.DUPLICATE, 1L,
            RejectionReason.SCHEMA_MISMATCH, 1L,
            RejectionReason.DIMENSION_MISMATCH, 1L,
            RejectionReason.BAD_MAGIC, 1L,
            RejectionReason.NON_FINITE, 1L,
            RejectionReason.UNKNOWN_FORMAT_VERSION, 1L,
            RejectionReason.TRUNCATED, 2L);
    assertThat(v1.lineage().rejected()).isEqualTo(round1);

    // Late: still for round 1, after round 1 was published.
    out.send(new ModelUpdate(1, 0, 10, schema, fp, "c-slow", filled(d, 9f)));
    await(
        "the late update to be counted",
        () -> aggregator.rejectedTotals().get(RejectionReason.LATE) == 1);

    // And the aggregator still works: round 2 closes normally.
    for (String c : List.of("c-a", "c-b", "c-c")) {
      out.send(new ModelUpdate(2, 1, 10, schema, fp, c, filled(d, 0.1f)));
    }
    Baseline v2 = awaitVersion(observer, 2);
    assertThat(v2.parameters()[0]).isCloseTo(0.3f, within(1e-6f));
    assertThat(v2.lineage().rejected()).isEqualTo(Map.of(RejectionReason.LATE, 1L));
    assertThat(aggregator.isRunning()).isTrue();
    Map<RejectionReason, Long> all = new EnumMap<>(round1);
    all.put(RejectionReason.LATE, 1L);
    assertThat(nonZero(aggregator.rejectedTotals())).isEqualTo(all);
    await("every message, refused or used, to be acknowledged", () -> unacknowledged() == 0);
  }

  @Test
  void aRestartMidRoundLosesNothingAndCountsNothingTwice() throws Exception {
    Baseline v0 = h.seed(new float[task.dimension()]);
    BaselineReader observer = h.reader();
    List<SimulatedCluster> clusters = clusters(4, 0, null);

    FederationAggregator first = h.aggregator(settings(4, 4, NEVER), fedAvg(10));
    clusters.get(0).participate(0);
    clusters.get(1).participate(0);
    await("two updates in the open round", () -> first.accepted() == 2);
    first.close(); // the open round is dropped unacknowledged
    assertThat(unacknowledged()).isEqualTo(2);

    FederationAggregator second = h.aggregator(settings(4, 4, NEVER), fedAvg(10));
    clusters.get(2).participate(0);
    clusters.get(3).participate(0);
    Baseline v1 = awaitVersion(observer, 1);

    assertThat(v1.lineage().participants())
        .extracting(Participant::clusterId)
        .containsExactlyInAnyOrderElementsOf(clusters.stream().map(c -> c.id).toList());
    List<Contribution> expected = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      expected.add(new Contribution("c" + k, 200, expectedDelta(v0, k)));
    }
    double[] mean = new FedAvg(new L2Clip(10)).aggregate(expected, task.dimension()).delta();
    for (int j = 0; j < mean.length; j++) {
      assertThat((double) v1.parameters()[j]).isCloseTo(mean[j], within(1e-5));
    }
    assertThat(second.accepted()).isEqualTo(4);
    assertThat(nonZero(second.rejectedTotals())).isEmpty();
    await("round 1 acknowledged", () -> unacknowledged() == 0);

    // Round 2 is published, then its acknowledgements are lost (the cursor is rewound, as if the
    // aggregator died between publishing and acknowledging). The next aggregator must refuse the
    // redelivered updates as late instead of aggregating them into a second baseline.
    List<MessageId> round2 = new ArrayList<>();
    for (SimulatedCluster c : clusters) {
      round2.add(c.participate(1));
    }
    Baseline v2 = awaitVersion(observer, 2);
    await("round 2 acknowledged", () -> unacknowledged() == 0);
    second.close();
    h.admin
        .topics()
        .resetCursor(
            h.topics.updates(),
            io.tuneloop.federation.topics.FederationTopics.AGGREGATOR_SUBSCRIPTION,
            round2.get(0));
    assertThat(unacknowledged()).isEqualTo(4);

    FederationAggregator third = h.aggregator(settings(4, 4, NEVER), fedAvg(10));
    assertThat(third.current().version()).isEqualTo(v2.version());
    await(
        "the redelivered round-2 updates to be refused",
        () -> third.rejectedTotals().get(RejectionReason.LATE) == 4);
    await("them to be acknowledged", () -> unacknowledged() == 0);
    assertThat(third.accepted()).isZero();
    assertThat(third.roundsPublished()).isZero();
    assertThat(observer.awaitNewerThan(2, Duration.ofMillis(500))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Attack.class,
      names = {"SCALED_100", "SIGN_FLIPPED_100"})
  void twentyPercentHostileClustersCannotWreckATrimmedMeanButDoWreckPlainFedAvg(Attack attack)
      throws Exception {
    int rounds = 5;
    float[] start = new float[task.dimension()];
    double honest = task.loss(honestOnlyFedAvg(start, rounds));
    double trimmed =
        task.loss(
            runFleet(
                new TrimmedMean(0.2, new L2Clip(Double.POSITIVE_INFINITY)), attack, rounds, h));
    double plain;
    try (FederationHarness other = new FederationHarness(broker)) {
      plain =
          task.loss(
              runFleet(new FedAvg(new L2Clip(Double.POSITIVE_INFINITY)), attack, rounds, other));
    }
    System.out.printf(
        "on broker, %s: start loss %.4f, honest-only FedAvg %.4f, trimmed mean %.4f (%+.2f %%), plain FedAvg %.4g%n",
        attack, task.loss(start), honest, trimmed, 100 * (trimmed / honest - 1), plain);
    assertThat(trimmed / honest - 1).as("trimmed-mean degradation").isLessThanOrEqualTo(0.05);
    assertThat(plain).as("plain FedAvg loss").isGreaterThan(task.loss(start));
  }

  private float[] runFleet(
      io.tuneloop.federation.aggregation.AggregationRule rule,
      Attack attack,
      int rounds,
      FederationHarness fh)
      throws Exception {
    FederationHarness saved = h;
    h = fh;
    try {
      h.seed(new float[task.dimension()]);
      h.aggregator(settings(10, 10, NEVER), new RoundAggregation(rule, 1.0, 1e-5));
      BaselineReader observer = h.reader();
      List<SimulatedCluster> fleet = clusters(10, 2, attack);
      Baseline b = null;
      for (int r = 0; r < rounds; r++) {
        for (SimulatedCluster c : fleet) {
          c.participate(r);
        }
        b = awaitVersion(observer, r + 1);
      }
      assertThat(b.lineage().participants()).hasSize(10);
      return b.parameters();
    } finally {
      h = saved;
    }
  }

  private float[] honestOnlyFedAvg(float[] start, int rounds) {
    float[] p = start.clone();
    for (int r = 1; r <= rounds; r++) {
      List<Contribution> cs = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        float[] local = task.train(p, task.cluster(k, 200, 11), 3, 0.02, 100L * r + k);
        float[] delta = new float[p.length];
        for (int j = 0; j < p.length; j++) {
          delta[j] = local[j] - p[j];
        }
        cs.add(new Contribution("c" + k, 200, CLIENT_CLIP.apply(delta)));
      }
      double[] agg =
          new FedAvg(new L2Clip(Double.POSITIVE_INFINITY)).aggregate(cs, p.length).delta();
      for (int j = 0; j < p.length; j++) {
        p[j] += (float) agg[j];
      }
    }
    return p;
  }

  @Test
  void dpNoiseIsPresentWithTheConfiguredScale() throws Exception {
    int d = 4000;
    double z = 1.0;
    double clip = 1.0;
    int n = 5;
    Baseline v0 = h.seed(new float[d]);
    h.aggregator(
        settings(n, n, NEVER),
        new RoundAggregation(
            new DpFedAvg(new L2Clip(clip), z, 100, n, new SecureRandom()), 1.0, 1e-5));
    BaselineReader observer = h.reader();
    float value = (float) (0.5 / Math.sqrt(d)); // every update has norm 0.5, under the clip
    UpdatePublisher out =
        h.track(UpdatePublisher.create(h.client, h.topics, new UpdateComposer(CLIENT_CLIP, "dp")));
    for (int k = 0; k < n; k++) {
      out.send(
          new ModelUpdate(
              1, 0, 100, v0.schemaVersion(), v0.schemaFingerprint(), "c-" + k, filled(d, value)));
    }
    Baseline v1 = awaitVersion(observer, 1);

    double[] noise = new double[d];
    float[] p = v1.parameters();
    for (int j = 0; j < d; j++) {
      noise[j] = p[j] - value; // five identical full-weight updates over a denominator of five
    }
    double expectedSd = z * clip / n;
    Moments m = Moments.of(noise);
    System.out.printf(
        "DP noise over %d coordinates: sd %.5f (configured %.5f), mean %.2e, kurtosis %.3f%n",
        d, m.sd(), expectedSd, m.mean(), m.kurtosis());
    // Sample-sd standard error is 1/sqrt(2d) = 1.1 %; 5 % is over four standard errors.
    assertThat(m.sd()).isCloseTo(expectedSd, within(0.05 * expectedSd));
    assertThat(Math.abs(m.mean())).isLessThan(5 * expectedSd / Math.sqrt(d));
    assertThat(m.kurtosis()).isCloseTo(3.0, within(0.4));
    assertThat(v1.lineage().noiseStddev()).isCloseTo(expectedSd, within(1e-12));
    assertThat(v1.lineage().noiseMultiplier()).isEqualTo(z);
    assertThat(v1.lineage().participants()).hasSize(n).allMatch(Participant::isWithheld);
    double epsilon = PrivacyLedger.empty().compose(1.0, z).spent(1e-5).epsilon();
    assertThat(v1.lineage().epsilon()).isEqualTo(epsilon).isFinite().isPositive();
  }

  private long unacknowledged() {
    try {
      return h.unacknowledged();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }
}
