package io.tuneloop.federation.broker;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.learning.Attack;
import io.tuneloop.federation.learning.LinearRegressionTask;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.update.PseudonymousId;
import io.tuneloop.federation.update.UpdateComposer;
import io.tuneloop.federation.update.UpdatePublisher;
import java.nio.charset.StandardCharsets;
import org.apache.pulsar.client.api.MessageId;

/**
 * A simulated operator with federation on: private data, a reader on the baselines topic, local
 * fine-tuning, and a publisher. A hostile one applies its attack and skips clipping.
 */
final class SimulatedCluster implements AutoCloseable {
  private static final PseudonymousId IDS =
      new PseudonymousId("federation-test-secret".getBytes(StandardCharsets.UTF_8));

  final String id;
  private final LinearRegressionTask task;
  private final LinearRegressionTask.Dataset data;
  private final BaselineReader reader;
  private final UpdatePublisher publisher;
  private final Attack attack;
  private final int index;

  SimulatedCluster(
      FederationHarness h, LinearRegressionTask task, int index, double clip, Attack attack)
      throws Exception {
    this.index = index;
    this.id = IDS.of("cluster-" + index);
    this.task = task;
    this.data = task.cluster(index, 200, 11);
    this.reader = h.reader();
    this.publisher =
        UpdatePublisher.create(h.client, h.topics, new UpdateComposer(new L2Clip(clip), id));
    this.attack = attack;
  }

  /** Waits for baseline {@code version}, fine-tunes from it and publishes the update. */
  MessageId participate(long version) throws Exception {
    Baseline base = FederationHarness.awaitVersion(reader, version);
    float[] local = task.train(base.parameters(), data, 3, 0.02, 100L * base.nextRound() + index);
    if (attack == null) {
      return publisher.publish(base, local, data.size()).messageId();
    }
    float[] p = base.parameters();
    float[] delta = new float[p.length];
    for (int j = 0; j < p.length; j++) {
      delta[j] = local[j] - p[j];
    }
    return publisher.send(
        new ModelUpdate(
            base.nextRound(),
            base.version(),
            data.size(),
            base.schemaVersion(),
            base.schemaFingerprint(),
            id,
            attack.apply(delta)));
  }

  @Override
  public void close() throws Exception {
    publisher.close();
    reader.close();
  }
}
