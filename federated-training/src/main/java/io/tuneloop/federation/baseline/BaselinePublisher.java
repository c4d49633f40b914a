package io.tuneloop.federation.baseline;

import io.tuneloop.federation.topics.FederationTopics;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Writes baselines to the compacted baselines topic, keyed by schema version, so compaction keeps
 * the newest baseline of every schema and readers of old releases still find theirs.
 */
public final class BaselinePublisher implements AutoCloseable {
  private final Producer<byte[]> producer;
  private final BaselineCodec codec;

  private BaselinePublisher(Producer<byte[]> producer, BaselineCodec codec) {
    this.producer = producer;
    this.codec = codec;
  }

  public static BaselinePublisher create(PulsarClient client, FederationTopics topics)
      throws PulsarClientException {
    Producer<byte[]> producer =
        client.newProducer(Schema.BYTES).topic(topics.baselines()).enableBatching(false).create();
    return new BaselinePublisher(producer, new BaselineCodec());
  }

  /** Returns once the broker has persisted the baseline. */
  public MessageId publish(Baseline baseline) throws PulsarClientException {
    return producer.newMessage().key(baseline.schemaVersion()).value(codec.encode(baseline)).send();
  }

  @Override
  public void close() throws PulsarClientException {
    producer.close();
  }
}
