package io.tuneloop.federation.aggregator;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselinePublisher;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.round.Round;
import io.tuneloop.federation.round.RoundAggregation;
import io.tuneloop.federation.round.Verdict;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.update.ModelUpdateCodec;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator: consumes the updates topic round by round and publishes each new baseline.
 *
 * <p>Delivery contract. An accepted update is acknowledged only after the baseline it went into has
 * been persisted by the broker. Crash or restart anywhere before that and the broker redelivers it
 * into the same round again; crash after the publish but before the acknowledgement and the
 * redelivered update is for a round the new baseline already closed, so it is refused as {@code
 * LATE}. Either way no update is lost and none is aggregated twice. Refused messages (malformed,
 * wrong schema, duplicate...) are counted and acknowledged at once: waiting would not make them
 * valid.
 *
 * <p>There must be one active aggregator per tenant and schema; the Failover subscription lets a
 * standby take over, and it resumes from the newest baseline on the topic.
 */
public final class FederationAggregator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FederationAggregator.class);

  private final PulsarClient client;
  private final FederationTopics topics;
  private final AggregatorSettings settings;
  private final RoundAggregation aggregation;
  private final Clock clock;
  private final ModelUpdateCodec codec;
  private final EnumMap<RejectionReason, AtomicLong> rejectedTotals =
      new EnumMap<>(RejectionReason.class);
  private final AtomicLong roundsPublished = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();

  private volatile boolean running;
  private volatile Baseline current;
  private volatile Throwable failure;
  private Consumer<byte[]> consumer;
  private BaselinePublisher publisher;
  private Thread loop;

  public FederationAggregator(
      PulsarClient client,
      FederationTopics topics,
      AggregatorSettings settings,
      RoundAggregation aggregation,
      Clock clock) {
    this.client = client;
    this.topics = topics;
    this.settings = settings;
    this.aggregation = aggregation;
    this.clock = clock;
    this.codec = new ModelUpdateCodec(settings.maxParameters());
    for (RejectionReason r : RejectionReason.values()) {
      rejectedTotals.put(r, new AtomicLong());
    }
  }

  /**
   * Loads the newest baseline for the schema (waiting up to {@code settings.baselineWait()} for a
   * first one), subscribes to the updates and starts the round loop on its own thread.
   *
   * @throws IllegalStateException when no baseline for the schema appears in time
   */
  public void start() throws IOException, InterruptedException {
    Baseline base;
    try (BaselineReader reader =
        BaselineReader.open(
            client, topics, settings.schemaVersion(), settings.schemaFingerprint())) {
      base =
          reader
              .awaitNewerThan(-1, settings.baselineWait())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no baseline for schema "
                              + settings.schemaVersion()
                              + "/"
                              + settings.schemaFingerprint()
                              + " on "
                              + topics.baselines()
                              + " after "
                              + settings.baselineWait()
                              + "; publish a first baseline (aggregator --initial-baseline)"));
    }
    current = base;
    publisher = BaselinePublisher.create(client, topics);
    consumer =
        client
            .newConsumer(Schema.BYTES)
            .topic(topics.updates())
            .subscriptionName(settings.subscription())
            .subscriptionType(SubscriptionType.Failover)
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .receiverQueueSize(Math.max(16, Math.min(1000, 2 * settings.policy().targetSize())))
            .subscribe();
    running = true;
    loop = new Thread(this::runRounds, "federation-aggregator");
    loop.setDaemon(true);
    loop.start();
    LOG.info(
        "aggregating {} for schema {} from {}, round {} on baseline {} ({} parameters), {}",
        topics.updates(),
        settings.schemaVersion(),
        settings.subscription(),
        base.nextRound(),
        base.version(),
        base.dimension(),
        aggregation.rule().method());
  }

  /** The newest baseline this aggregator knows: loaded at start or published since. */
  public Baseline current() {
    return current;
  }

  public long roundsPublished() {
    return roundsPublished.get();
  }

  /** Updates accepted into a round since start (including any in the open round). */
  public long accepted() {
    return accepted.get();
  }

  /** Every refusal since start, by reason. */
  public Map<RejectionReason, Long> rejectedTotals() {
    EnumMap<RejectionReason, Long> out = new EnumMap<>(RejectionReason.class);
    rejectedTotals.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** The error that stopped the loop, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public boolean isRunning() {
    return running && loop != null && loop.isAlive();
  }

  private void runRounds() {
    Round<MessageId> round = newRound(current);
    try {
      while (running) {
        Message<byte[]> m =
            consumer.receive((int) settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        Instant now = clock.instant();
        if (m != null) {
          handle(round, m, now);
        }
        if (round.isComplete(now)) {
          publish(round, now);
          round = newRound(current);
        }
      }
    } catch (PulsarClientException e) {
      if (running) {
        failure = e;
        LOG.error("aggregator stopped: {}", e.toString(), e);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("aggregator stopped on an unexpected error", e);
    } finally {
      running = false;
    }
  }

  private Round<MessageId> newRound(Baseline base) {
    return new Round<>(
        base, settings.schemaVersion(), settings.schemaFingerprint(), settings.policy());
  }

  private void handle(Round<MessageId> round, Message<byte[]> m, Instant now) {
    ModelUpdate update;
    try {
      update = codec.decode(m.getData());
    } catch (WireFormatException e) {
      round.countMalformed(e.reason());
      refuse(m, e.reason(), e.getMessage());
      return;
    }
    Verdict v = round.offer(update, m.getMessageId(), now);
    switch (v.outcome()) {
      case ACCEPTED -> {
        accepted.incrementAndGet();
        LOG.debug(
            "round {}: accepted {} ({} of {})",
            round.id(),
            update,
            round.size(),
            settings.policy().targetSize());
      }
      case REJECTED -> refuse(m, v.reason().orElseThrow(), v.detail());
      case REDELIVERED ->
          LOG.debug("round {}: redelivery of {} ignored", round.id(), m.getMessageId());
    }
  }

  private void refuse(Message<byte[]> m, RejectionReason reason, String detail) {
    rejectedTotals.get(reason).incrementAndGet();
    LOG.warn("refused update message {}: {}", m.getMessageId(), detail);
    try {
      consumer.acknowledge(m.getMessageId());
    } catch (PulsarClientException e) {
      // Harmless: a redelivery is refused again (and counted again); the round is unaffected.
      LOG.warn("acknowledging refused message {} failed: {}", m.getMessageId(), e.toString());
    }
  }

  /**
   * Publishes the round's baseline, then acknowledges its updates. The baseline is computed once
   * and the same bytes are retried until the broker takes them: drawing fresh noise per attempt
   * could put two differently-noised versions of one round out, spending privacy twice.
   */
  private void publish(Round<MessageId> round, Instant now) throws PulsarClientException {
    Baseline next = aggregation.close(round, now);
    while (true) {
      try {
        publisher.publish(next);
        break;
      } catch (PulsarClientException e) {
        if (!running) {
          throw e;
        }
        // Nothing acknowledged yet: a restart now would redo this round from the same updates.
        LOG.warn("publishing {} failed, retrying in 1 s: {}", next, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    current = next;
    roundsPublished.incrementAndGet();
    LOG.info(
        "published {} (aggregate norm {}, rejected {})",
        next,
        next.lineage().aggregateNorm(),
        next.lineage().rejected());
    try {
      consumer.acknowledge(round.receipts());
    } catch (PulsarClientException e) {
      // The baseline is out; redeliveries of these updates will be refused as LATE.
      LOG.warn(
          "acknowledging round {} failed; its updates will come back as late: {}",
          round.id(),
          e.toString());
    }
  }

  /**
   * Stops the loop and closes the consumer without acknowledging the open round: its updates are
   * redelivered to whichever aggregator subscribes next.
   */
  @Override
  public void close() throws PulsarClientException, InterruptedException {
    running = false;
    if (loop != null) {
      loop.join(settings.poll().toMillis() + Duration.ofSeconds(10).toMillis());
    }
    if (consumer != null) {
      consumer.close();
    }
    if (publisher != null) {
      publisher.close();
    }
  }
}
