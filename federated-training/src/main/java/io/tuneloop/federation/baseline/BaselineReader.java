package io.tuneloop.federation.baseline;

import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted baselines topic for one feature schema. {@link #open} reads the topic to
 * its end before returning, so {@link #newest()} is the newest compatible baseline published so
 * far; a background thread then keeps reading and tells listeners about every newer version.
 *
 * <p>Messages keyed by another schema version belong to other releases and are skipped silently. A
 * message with this schema's key that fails to decode, or carries another fingerprint, is counted
 * and skipped: one bad publish cannot stop a cluster from finding its baseline.
 */
public final class BaselineReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineReader.class);
  private static final int POLL_MILLIS = 200;

  private final Reader<byte[]> reader;
  private final String schemaVersion;
  private final String schemaFingerprint;
  private final BaselineCodec codec;
  private final List<Consumer<Baseline>> listeners = new CopyOnWriteArrayList<>();
  private final EnumMap<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
  private final Object lock = new Object();
  private Baseline newest;
  private volatile boolean closed;
  private Thread follower;

  private BaselineReader(
      Reader<byte[]> reader, String schemaVersion, String schemaFingerprint, BaselineCodec codec) {
    this.reader = reader;
    this.schemaVersion = schemaVersion;
    this.schemaFingerprint = schemaFingerprint;
    this.codec = codec;
  }

  /** Opens a reader, catches up with everything published so far, then starts following. */
  public static BaselineReader open(
      PulsarClient client, FederationTopics topics, String schemaVersion, String schemaFingerprint)
      throws PulsarClientException {
    Reader<byte[]> reader =
        client
            .newReader(Schema.BYTES)
            .topic(topics.baselines())
            .startMessageId(MessageId.earliest)
            .readCompacted(true)
            .create();
    BaselineReader r =
        new BaselineReader(reader, schemaVersion, schemaFingerprint, new BaselineCodec());
    try {
      while (reader.hasMessageAvailable()) {
        Message<byte[]> m = reader.readNext(10, TimeUnit.SECONDS);
        if (m == null) {
          break;
        }
        r.consider(m);
      }
    } catch (PulsarClientException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    r.follower = new Thread(r::follow, "baseline-reader-" + schemaVersion);
    r.follower.setDaemon(true);
    r.follower.start();
    return r;
  }

  public Optional<Baseline> newest() {
    synchronized (lock) {
      return Optional.ofNullable(newest);
    }
  }

  /** Called on the reader's thread for each newer compatible baseline, after {@code open}. */
  public void onNewer(Consumer<Baseline> listener) {
    listeners.add(listener);
  }

  /** Waits until a compatible baseline newer than {@code version} is known (-1: any baseline). */
  public Optional<Baseline> awaitNewerThan(long version, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (newest == null || newest.version() <= version) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return Optional.of(newest);
    }
  }

  /** Baselines with this schema's key that were skipped, by reason. */
  public Map<RejectionReason, Long> rejected() {
    synchronized (lock) {
      return Map.copyOf(rejected);
    }
  }

  private void follow() {
    while (!closed) {
      try {
        Message<byte[]> m = reader.readNext(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (m != null) {
          consider(m);
        }
      } catch (PulsarClientException e) {
        if (closed) {
          return;
        }
        LOG.warn("reading {} failed, retrying in 1 s: {}", reader.getTopic(), e.toString());
        sleepQuietly();
      }
    }
  }

  private void consider(Message<byte[]> m) {
    if (!schemaVersion.equals(m.getKey())) {
      return;
    }
    Baseline b;
    try {
      b = codec.decode(m.getValue());
    } catch (WireFormatException e) {
      count(e.reason());
      LOG.warn("skipping baseline message {}: {}", m.getMessageId(), e.getMessage());
      return;
    }
    if (!b.fits(schemaVersion, schemaFingerprint)) {
      count(RejectionReason.SCHEMA_MISMATCH);
      LOG.warn("skipping {}: expected schema {}/{}", b, schemaVersion, schemaFingerprint);
      return;
    }
    synchronized (lock) {
      if (newest != null && b.version() <= newest.version()) {
        return;
      }
      newest = b;
      lock.notifyAll();
    }
    for (Consumer<Baseline> l : listeners) {
      try {
        l.accept(b);
      } catch (RuntimeException e) {
        LOG.warn("baseline listener failed on {}", b, e);
      }
    }
  }

  private void count(RejectionReason reason) {
    synchronized (lock) {
      rejected.merge(reason, 1L, Long::sum);
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (follower != null) {
      try {
        follower.join(2 * POLL_MILLIS + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reader.close();
  }
}
