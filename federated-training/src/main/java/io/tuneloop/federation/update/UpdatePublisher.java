package io.tuneloop.federation.update;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.topics.FederationTopics;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * The cluster side of a round: composes the clipped update and publishes it to the updates topic,
 * keyed by the cluster's pseudonymous id. One message per update (no batching), so the aggregator
 * acknowledges exactly the updates it used.
 */
public final class UpdatePublisher implements AutoCloseable {
  private final Producer<byte[]> producer;
  private final UpdateComposer composer;
  private final ModelUpdateCodec codec;

  private UpdatePublisher(
      Producer<byte[]> producer, UpdateComposer composer, ModelUpdateCodec codec) {
    this.producer = producer;
    this.composer = composer;
    this.codec = codec;
  }

  public static UpdatePublisher create(
      PulsarClient client, FederationTopics topics, UpdateComposer composer)
      throws PulsarClientException {
    Producer<byte[]> producer =
        client
            .newProducer(Schema.BYTES)
            .topic(topics.updates())
            .enableBatching(false)
            .blockIfQueueFull(true)
            .create();
    return new UpdatePublisher(producer, composer, new ModelUpdateCodec());
  }

  /** Composes, clips and publishes; returns once the broker has persisted the message. */
  public Published publish(Baseline baseline, float[] localParameters, long sampleCount)
      throws PulsarClientException {
    UpdateComposer.Composed c = composer.compose(baseline, localParameters, sampleCount);
    return new Published(c.update(), c.normBeforeClip(), send(c.update()));
  }

  /** Publishes an already composed update as it is (a retry sends the same bytes). */
  public MessageId send(ModelUpdate update) throws PulsarClientException {
    return producer.newMessage().key(update.clusterId()).value(codec.encode(update)).send();
  }

  @Override
  public void close() throws PulsarClientException {
    producer.close();
  }

  /**
   * @param update what was sent
   * @param normBeforeClip the raw delta's L2 norm, for local diagnostics only
   * @param messageId where the broker stored it
   */
  public record Published(ModelUpdate update, double normBeforeClip, MessageId messageId) {}
}
