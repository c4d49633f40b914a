package io.tuneloop.federation.broker;

import static io.tuneloop.federation.broker.FederationHarness.SCHEMA;
import static io.tuneloop.federation.broker.FederationHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineCodec;
import io.tuneloop.federation.baseline.BaselinePublisher;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.StandaloneBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.LongRunningProcessStatus;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The compacted baselines topic as an operator sees it through {@link BaselineReader}. */
@ExtendWith(PulsarBrokerExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BaselineTopicOnBrokerTest {

  private static Baseline baseline(long version, String schema, String fingerprint, float value) {
    return new Baseline(
        version,
        version,
        schema,
        fingerprint,
        new float[] {value, value},
        new Lineage(
            version - 1,
            Instant.parse("2025-05-01T00:00:00Z"),
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
            Map.of()));
  }

  @Test
  void findsTheNewestCompatibleBaselineBeforeAndAfterCompactionAndFollowsNewOnes(
      StandaloneBroker broker) throws Exception {
    try (FederationHarness h = new FederationHarness(broker)) {
      String v = SCHEMA.version();
      String fp = SCHEMA.fingerprint();
      try (BaselinePublisher publisher = BaselinePublisher.create(h.client, h.topics);
          Producer<byte[]> raw =
              h.client.newProducer(Schema.BYTES).topic(h.topics.baselines()).create()) {
        // Bad messages under this schema's key: skipped and counted, never fatal.
        raw.newMessage().key(v).value(new byte[] {1, 2, 3}).send();
        byte[] corrupt = new BaselineCodec().encode(baseline(1, v, fp, 9));
        corrupt[20] ^= 1;
        raw.newMessage().key(v).value(corrupt).send();
        publisher.publish(baseline(1, v, "not-this-fingerprint", 9));
        // Another release's schema shares the topic under its own key.
        publisher.publish(baseline(7, "v0", "0ld", 5));
        publisher.publish(baseline(1, v, fp, 1));
        publisher.publish(baseline(2, v, fp, 2));
      }

      try (BaselineReader reader = BaselineReader.open(h.client, h.topics, v, fp)) {
        assertThat(reader.newest()).map(Baseline::version).contains(2L);
        assertThat(reader.newest().orElseThrow().parameters()).containsExactly(2f, 2f);
        assertThat(reader.rejected())
            .isEqualTo(
                Map.of(
                    RejectionReason.TRUNCATED, 1L,
                    RejectionReason.CORRUPT, 1L,
                    RejectionReason.SCHEMA_MISMATCH, 1L));
      }

      h.admin.topics().triggerCompaction(h.topics.baselines());
      await(
          "compaction of the baselines topic",
          () -> {
            try {
              return h.admin.topics().compactionStatus(h.topics.baselines()).status
                  == LongRunningProcessStatus.Status.SUCCESS;
            } catch (Exception e) {
              return false;
            }
          });

      try (BaselineReader reader = BaselineReader.open(h.client, h.topics, v, fp);
          BaselineReader oldRelease = BaselineReader.open(h.client, h.topics, "v0", "0ld");
          BaselinePublisher publisher = BaselinePublisher.create(h.client, h.topics)) {
        // Compaction kept the newest message per key: this schema's version 2, the other's 7.
        assertThat(reader.newest()).map(Baseline::version).contains(2L);
        assertThat(reader.rejected()).isEmpty();
        assertThat(oldRelease.newest()).map(Baseline::version).contains(7L);

        List<Long> seen = new CopyOnWriteArrayList<>();
        reader.onNewer(b -> seen.add(b.version()));
        publisher.publish(baseline(3, v, fp, 3));
        assertThat(reader.awaitNewerThan(2, Duration.ofSeconds(30)))
            .map(Baseline::version)
            .contains(3L);
        // An older version published late does not replace the newest.
        publisher.publish(baseline(2, v, fp, 2));
        publisher.publish(baseline(4, v, fp, 4));
        assertThat(reader.awaitNewerThan(3, Duration.ofSeconds(30)))
            .map(Baseline::version)
            .contains(4L);
        // Listeners run on the reader's thread right after waiters are released.
        await("the listener to see version 4", () -> seen.size() >= 2);
        assertThat(seen).containsExactly(3L, 4L);
        assertThat(oldRelease.newest()).map(Baseline::version).contains(7L);
      }
    }
  }
}
