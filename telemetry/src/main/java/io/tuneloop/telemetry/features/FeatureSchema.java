package io.tuneloop.telemetry.features;

import static io.tuneloop.telemetry.snapshot.Aggregation.MAX;
import static io.tuneloop.telemetry.snapshot.Aggregation.MEAN;
import static io.tuneloop.telemetry.snapshot.Aggregation.SUM;

import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A versioned, ordered list of features that turns any cluster's snapshot into a vector of the same
 * length and meaning. Features are cluster-level aggregates (sums, maxima, per-broker rates), never
 * per-node columns, so a 3-broker and a 100-broker cluster share one input layout: that is what
 * makes averaging weights across clusters valid.
 *
 * <p>Changing a feature's name, unit, scaling or position changes the {@link #fingerprint()};
 * artifacts and federated updates carry both version and fingerprint and are refused on mismatch.
 */
public final class FeatureSchema {
  private static final FeatureSchema V1 = buildV1();

  private final String version;
  private final List<Feature> features;
  private final Map<String, Integer> index;
  private final String fingerprint;

  public FeatureSchema(String version, List<Feature> features) {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("schema version must not be blank");
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException("schema " + version + " has no features");
    }
    this.version = version;
    this.features = List.copyOf(features);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < this.features.size(); i++) {
      Integer previous = idx.put(this.features.get(i).name(), i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "schema " + version + " names feature '" + features.get(i).name() + "' twice");
      }
    }
    this.index = Map.copyOf(idx);
    this.fingerprint = computeFingerprint(version, this.features);
  }

  /** The schema every Tuneloop release since 0.1 speaks. */
  public static FeatureSchema v1() {
    return V1;
  }

  public String version() {
    return version;
  }

  /** Short hash over version and every feature's name, unit and scaling, in order. */
  public String fingerprint() {
    return fingerprint;
  }

  public List<Feature> features() {
    return features;
  }

  public int size() {
    return features.size();
  }

  public int indexOf(String featureName) {
    Integer i = index.get(featureName);
    if (i == null) {
      throw new IllegalArgumentException(
          "schema " + version + " has no feature '" + featureName + "'");
    }
    return i;
  }

  /** Turns {@code snapshot} into this schema's vector; missing readings stay marked missing. */
  public FeatureVector vectorize(ClusterSnapshot snapshot) {
    double[] values = new double[features.size()];
    boolean[] present = new boolean[features.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      Feature f = features.get(i);
      Reading r = f.read(snapshot);
      if (r.isPresent()) {
        values[i] = f.scaling().apply(r.value());
        present[i] = true;
      } else {
        values[i] = Double.NaN;
        missing.add(f.name() + ": " + r.absentReason());
      }
    }
    return new FeatureVector(version, values, present, missing);
  }

  /**
   * Refuses an artifact built for another schema.
   *
   * @throws SchemaMismatchException naming both versions and fingerprints
   */
  public void requireCompatible(String otherVersion, String otherFingerprint, String what) {
    if (!version.equals(otherVersion) || !fingerprint.equals(otherFingerprint)) {
      throw new SchemaMismatchException(
          what
              + " was built for feature schema "
              + otherVersion
              + " ("
              + otherFingerprint
              + "), expected "
              + version
              + " ("
              + fingerprint
              + ")");
    }
  }

  private static String computeFingerprint(String version, List<Feature> features) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(version.getBytes(StandardCharsets.UTF_8));
      for (Feature f : features) {
        sha.update((byte) '|');
        sha.update(f.signature().getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static FeatureSchema buildV1() {
    List<Feature> f = new ArrayList<>();
    f.add(broker("msg_rate_in", BrokerMetric.MSG_RATE_IN, SUM, Scaling.LOG1P));
    f.add(broker("msg_rate_out", BrokerMetric.MSG_RATE_OUT, SUM, Scaling.LOG1P));
    f.add(broker("bytes_rate_in", BrokerMetric.BYTES_RATE_IN, SUM, Scaling.LOG1P));
    f.add(broker("bytes_rate_out", BrokerMetric.BYTES_RATE_OUT, SUM, Scaling.LOG1P));
    f.add(new Feature("msg_size_mean", "bytes", Scaling.LOG1P, s -> s.messageSizes().meanBytes()));
    f.add(
        new Feature(
            "msg_size_p99",
            "bytes",
            Scaling.LOG1P,
            s -> s.messageSizes().quantileUpperBound(0.99, s.windowEnd(), "entry size histogram")));
    f.add(
        new Feature(
            "msg_large_fraction",
            "ratio",
            Scaling.IDENTITY,
            s -> s.messageSizes().fractionAbove(1 << 20, s.windowEnd(), "entry size histogram")));
    f.add(broker("publish_latency_p50", BrokerMetric.PUBLISH_LATENCY_P50, MAX, Scaling.LOG1P));
    f.add(broker("publish_latency_p99", BrokerMetric.PUBLISH_LATENCY_P99, MAX, Scaling.LOG1P));
    f.add(
        broker(
            "storage_write_latency_p99",
            BrokerMetric.STORAGE_WRITE_LATENCY_P99,
            MAX,
            Scaling.LOG1P));
    f.add(bookie("journal_add_latency_p99", BookieMetric.JOURNAL_ADD_LATENCY_P99, MAX));
    f.add(bookie("journal_sync_latency_p99", BookieMetric.JOURNAL_SYNC_LATENCY_P99, MAX));
    f.add(bookie("journal_queue_size", BookieMetric.JOURNAL_QUEUE_SIZE, MAX));
    f.add(broker("backlog", BrokerMetric.BACKLOG, SUM, Scaling.LOG1P));
    f.add(broker("cache_hit_rate", BrokerMetric.CACHE_HIT_RATE, MEAN, Scaling.IDENTITY));
    f.add(broker("broker_cpu_max", BrokerMetric.CPU_UTILISATION, MAX, Scaling.IDENTITY));
    f.add(broker("broker_cpu_mean", BrokerMetric.CPU_UTILISATION, MEAN, Scaling.IDENTITY));
    f.add(
        new Feature(
            "bookie_cpu_max",
            "ratio",
            Scaling.IDENTITY,
            s -> s.bookies(BookieMetric.CPU_UTILISATION, MAX)));
    f.add(
        new Feature(
            "broker_heap_ratio_max",
            "ratio",
            Scaling.IDENTITY,
            s -> ratioMax(s, BrokerMetric.HEAP_USED, BrokerMetric.HEAP_MAX)));
    f.add(
        new Feature(
            "broker_direct_memory_ratio_max",
            "ratio",
            Scaling.IDENTITY,
            s -> ratioMax(s, BrokerMetric.DIRECT_MEMORY_USED, BrokerMetric.DIRECT_MEMORY_MAX)));
    f.add(
        new Feature(
            "bookie_disk_usage_max",
            "ratio",
            Scaling.IDENTITY,
            s -> s.bookies(BookieMetric.DISK_USAGE, MAX)));
    f.add(broker("topics", BrokerMetric.TOPICS, SUM, Scaling.LOG1P));
    f.add(broker("producers", BrokerMetric.PRODUCERS, SUM, Scaling.LOG1P));
    f.add(broker("consumers", BrokerMetric.CONSUMERS, SUM, Scaling.LOG1P));
    f.add(
        new Feature(
            "brokers",
            "count",
            Scaling.LOG1P,
            s -> Reading.of(s.settings().brokers(), s.windowEnd(), "replicas")));
    f.add(
        new Feature(
            "bookies",
            "count",
            Scaling.LOG1P,
            s -> Reading.of(s.settings().bookies(), s.windowEnd(), "replicas")));
    f.add(
        new Feature(
            "msg_rate_in_per_broker",
            "msg/s",
            Scaling.LOG1P,
            s -> perBroker(s, s.brokers(BrokerMetric.MSG_RATE_IN, SUM))));
    f.add(
        new Feature(
            "bytes_rate_in_per_bookie",
            "bytes/s",
            Scaling.LOG1P,
            s -> perBookie(s, s.brokers(BrokerMetric.BYTES_RATE_IN, SUM))));
    f.add(
        new Feature(
            "broker_load_imbalance",
            "ratio",
            Scaling.IDENTITY,
            s -> imbalance(s, BrokerMetric.MSG_RATE_IN)));
    return new FeatureSchema("v1", f);
  }

  private static Feature broker(
      String name,
      BrokerMetric metric,
      io.tuneloop.telemetry.snapshot.Aggregation how,
      Scaling scaling) {
    return new Feature(name, metric.unit(), scaling, s -> s.brokers(metric, how));
  }

  private static Feature bookie(
      String name, BookieMetric metric, io.tuneloop.telemetry.snapshot.Aggregation how) {
    return new Feature(name, metric.unit(), Scaling.LOG1P, s -> s.bookies(metric, how));
  }

  private static Reading perBroker(ClusterSnapshot s, Reading total) {
    if (!total.isPresent() || s.settings().brokers() == 0) {
      return Reading.absent("no total or no brokers");
    }
    return Reading.of(total.value() / s.settings().brokers(), total.observedAt(), "per broker");
  }

  private static Reading perBookie(ClusterSnapshot s, Reading total) {
    if (!total.isPresent() || s.settings().bookies() == 0) {
      return Reading.absent("no total or no bookies");
    }
    return Reading.of(total.value() / s.settings().bookies(), total.observedAt(), "per bookie");
  }

  /** Highest used/max ratio over brokers that report both. */
  private static Reading ratioMax(ClusterSnapshot s, BrokerMetric used, BrokerMetric max) {
    double best = Double.NaN;
    java.time.Instant at = null;
    for (var b : s.brokers()) {
      Reading u = b.get(used);
      Reading m = b.get(max);
      if (u.isPresent() && m.isPresent() && m.value() > 0) {
        double r = u.value() / m.value();
        if (Double.isNaN(best) || r > best) {
          best = r;
          at = u.observedAt();
        }
      }
    }
    return Double.isNaN(best)
        ? Reading.absent("no broker reports both " + used.id() + " and " + max.id())
        : Reading.of(best, at, "max over brokers");
  }

  /** Max over mean of a per-broker rate: 1 is perfectly even, higher means a hot broker. */
  private static Reading imbalance(ClusterSnapshot s, BrokerMetric metric) {
    Reading max = s.brokers(metric, MAX);
    Reading mean = s.brokers(metric, MEAN);
    if (!max.isPresent() || !mean.isPresent()) {
      return Reading.absent("no broker reports " + metric.id());
    }
    if (mean.value() <= 0) {
      return Reading.of(1.0, mean.observedAt(), "idle cluster");
    }
    return Reading.of(max.value() / mean.value(), mean.observedAt(), "max/mean over brokers");
  }
}
