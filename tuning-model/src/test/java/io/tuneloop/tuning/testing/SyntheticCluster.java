package io.tuneloop.tuning.testing;

import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A known, closed-form performance surface of a Pulsar-like cluster, for tests and benchmarks: the
 * model must learn it, the planner must find its optimum.
 *
 * <ul>
 *   <li>Broker CPU grows with messages per broker and message size: a broker is saturated at 10k
 *       msg/s of 1 KiB.
 *   <li>Each entry is written to two bookies. A bookie's journal capacity grows with group commit:
 *       {@code C(w) = 8000 * (1 + 0.6 ln(1 + w))} entries/s for {@code journalMaxGroupWaitMSec =
 *       w}.
 *   <li>p99 publish latency = 2 ms + 0.9 w (the group-commit wait) + queueing {@code 3u/(1-u)} of
 *       the broker and of the journal (steep beyond 98% utilisation).
 *   <li>Peak CPU is the busier of broker CPU and journal utilisation; headroom is 1 - peak.
 * </ul>
 *
 * So at low load a longer wait only adds latency, and at high load it buys capacity: the optimum of
 * {@code w} moves with load, which is what a learned model must capture.
 */
public final class SyntheticCluster {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Messages per second of 1 KiB that saturate one broker's CPU. */
  public static final double BROKER_CAPACITY = 10_000;

  private SyntheticCluster() {}

  /** Load offered to the cluster. */
  public record Load(double msgRate, double msgBytes, int topics) {}

  public static double journalCapacity(double waitMs) {
    return 8000 * (1 + 0.6 * Math.log1p(waitMs));
  }

  public static double brokerCpu(Load load, int brokers) {
    double perBroker = load.msgRate() / brokers;
    return perBroker / BROKER_CAPACITY * (0.6 + 0.4 * load.msgBytes() / 1024);
  }

  public static double journalUtilisation(Load load, int bookies, double waitMs) {
    double entriesPerBookie = 2 * load.msgRate() / bookies;
    return entriesPerBookie / journalCapacity(waitMs);
  }

  private static double queueing(double u) {
    if (u < 0.98) {
      return 3 * u / (1 - u);
    }
    return 147 + (u - 0.98) * 5_000;
  }

  /** The true outcome of running {@code settings} under {@code load}. */
  public static ObservedOutcome outcome(Load load, ClusterSettings settings) {
    double w = KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.current(settings);
    double cpu = brokerCpu(load, settings.brokers());
    double journal = journalUtilisation(load, settings.bookies(), w);
    double p99 = Math.min(5_000, 2 + 0.9 * w + queueing(cpu) + queueing(journal));
    double peak = Math.max(cpu, journal);
    return new ObservedOutcome(p99, peak, 1 - peak);
  }

  public static ClusterSettings settings(int brokers, int bookies, double waitMs) {
    return new ClusterSettings(
        brokers,
        bookies,
        Map.of(KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.name(), Long.toString((long) waitMs)));
  }

  /** The snapshot of a window in which the cluster ran {@code settings} under {@code load}. */
  public static ClusterSnapshot snapshot(Load load, ClusterSettings settings, Instant end) {
    ObservedOutcome now = outcome(load, settings);
    double w = KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC.current(settings);
    int brokers = settings.brokers();
    int bookies = settings.bookies();
    double perBroker = load.msgRate() / brokers;
    double cpu = brokerCpu(load, brokers);
    List<NodeSnapshot<BrokerMetric>> bs = new ArrayList<>(brokers);
    for (int i = 0; i < brokers; i++) {
      Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
      put(r, BrokerMetric.MSG_RATE_IN, perBroker, end);
      put(r, BrokerMetric.MSG_RATE_OUT, perBroker, end);
      put(r, BrokerMetric.BYTES_RATE_IN, perBroker * load.msgBytes(), end);
      put(r, BrokerMetric.BYTES_RATE_OUT, perBroker * load.msgBytes(), end);
      put(r, BrokerMetric.PUBLISH_LATENCY_P50, now.p99LatencyMs() / 3, end);
      put(r, BrokerMetric.PUBLISH_LATENCY_P95, now.p99LatencyMs() / 1.5, end);
      put(r, BrokerMetric.PUBLISH_LATENCY_P99, now.p99LatencyMs(), end);
      put(r, BrokerMetric.STORAGE_WRITE_LATENCY_P50, now.p99LatencyMs() / 4, end);
      put(r, BrokerMetric.STORAGE_WRITE_LATENCY_P99, now.p99LatencyMs() * 0.8, end);
      put(r, BrokerMetric.PENDING_ADD_QUEUE, 10, end);
      put(r, BrokerMetric.BACKLOG, 1000, end);
      put(r, BrokerMetric.CACHE_HIT_RATE, 0.9, end);
      put(r, BrokerMetric.CACHE_SIZE, 200e6, end);
      put(r, BrokerMetric.CPU_UTILISATION, cpu, end);
      put(r, BrokerMetric.HEAP_USED, 1e9, end);
      put(r, BrokerMetric.HEAP_MAX, 2e9, end);
      put(r, BrokerMetric.DIRECT_MEMORY_USED, 0.5e9, end);
      put(r, BrokerMetric.DIRECT_MEMORY_MAX, 1e9, end);
      put(r, BrokerMetric.TOPICS, (double) load.topics() / brokers, end);
      put(r, BrokerMetric.PRODUCERS, (double) load.topics() / brokers, end);
      put(r, BrokerMetric.CONSUMERS, (double) load.topics() / brokers, end);
      bs.add(NodeSnapshot.broker("broker-" + i, r));
    }
    double journal = journalUtilisation(load, bookies, w);
    List<NodeSnapshot<BookieMetric>> ks = new ArrayList<>(bookies);
    for (int i = 0; i < bookies; i++) {
      Map<BookieMetric, Reading> r = new EnumMap<>(BookieMetric.class);
      double entries = 2 * load.msgRate() / bookies;
      put(r, BookieMetric.ADD_ENTRY_RATE, entries, end);
      put(r, BookieMetric.WRITE_BYTES_RATE, entries * load.msgBytes(), end);
      put(r, BookieMetric.READ_ENTRY_RATE, 0, end);
      put(r, BookieMetric.JOURNAL_ADD_LATENCY_P50, 1 + w / 2, end);
      put(r, BookieMetric.JOURNAL_ADD_LATENCY_P99, 2 + w + queueing(journal), end);
      put(r, BookieMetric.JOURNAL_SYNC_LATENCY_P50, 1, end);
      put(r, BookieMetric.JOURNAL_SYNC_LATENCY_P99, 2, end);
      put(
          r,
          BookieMetric.JOURNAL_QUEUE_SIZE,
          Math.min(10_000, journal / Math.max(0.02, 1 - journal)),
          end);
      put(r, BookieMetric.JOURNAL_FORCE_WRITE_BATCH_ENTRIES, 1 + entries * w / 1000, end);
      put(r, BookieMetric.CPU_UTILISATION, journal, end);
      put(r, BookieMetric.HEAP_USED, 0.5e9, end);
      put(r, BookieMetric.DIRECT_MEMORY_USED, 0.5e9, end);
      put(r, BookieMetric.DISK_USAGE, 0.3, end);
      put(r, BookieMetric.UNDER_REPLICATED_LEDGERS, 0, end);
      ks.add(NodeSnapshot.bookie("bookie-" + i, r));
    }
    return new ClusterSnapshot(
        "synthetic",
        end.minus(Duration.ofMinutes(1)),
        end,
        bs,
        ks,
        sizes(load.msgBytes(), load.msgRate() * 60, end),
        settings,
        List.of());
  }

  private static MessageSizeDistribution sizes(double bytes, double count, Instant at) {
    double[] bounds = {128, 512, 1024, 4096, 16384, 65536, 1 << 20, Double.POSITIVE_INFINITY};
    long[] counts = new long[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      if (bytes <= bounds[i]) {
        counts[i] = Math.max(1, (long) count);
        break;
      }
    }
    return new MessageSizeDistribution(bounds, counts, Reading.of(bytes, at, "bytes/msgs"));
  }

  private static <M extends Enum<M>> void put(Map<M, Reading> r, M m, double v, Instant at) {
    r.put(m, Reading.of(v, at, "synthetic"));
  }

  /**
   * {@code n} samples of random load and settings: the snapshot is observed under the cluster's
   * current settings, the outcome under a candidate's, as the learner records them.
   */
  public static List<Sample> samples(int n, long seed) {
    Random rnd = new Random(seed);
    List<Sample> out = new ArrayList<>(n);
    var schema = io.tuneloop.telemetry.features.FeatureSchema.v1();
    for (int i = 0; i < n; i++) {
      int brokers = 2 + rnd.nextInt(9);
      int bookies = 2 + rnd.nextInt(9);
      double w = randomWait(rnd);
      // Offered load between 5% and ~110% of the tighter of broker and default journal capacity.
      double capacity = Math.min(BROKER_CAPACITY * brokers, journalCapacity(1) * bookies / 2);
      Load load =
          new Load(
              capacity * (0.05 + 1.05 * rnd.nextDouble()),
              256 + rnd.nextInt(2048),
              100 + rnd.nextInt(5000));
      ClusterSettings current = settings(brokers, bookies, randomWait(rnd));
      ClusterSettings candidate =
          settings(
              Math.max(1, brokers + rnd.nextInt(3) - 1),
              Math.max(1, bookies + rnd.nextInt(3) - 1),
              w);
      ClusterSnapshot snap = snapshot(load, current, T0.plusSeconds(60L * i));
      out.add(new Sample(schema.vectorize(snap), candidate, outcome(load, candidate)));
    }
    return out;
  }

  /** A wait in [0, 50] ms, denser at small values as operators use it. */
  public static double randomWait(Random rnd) {
    return Math.rint(Math.expm1(rnd.nextDouble() * Math.log1p(50)));
  }
}
