package io.tuneloop.sim.twin;

import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.env.Environment;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A simulated Pulsar cluster replaying a workload trace one window at a time. It implements the
 * same {@link Environment} the operator implements for real clusters: {@link #observe()} returns
 * the snapshot of the last complete window, shaped like real telemetry; {@link #apply(Action)}
 * changes it the way Kubernetes and Pulsar would, with the delays they take:
 *
 * <ul>
 *   <li>a new broker serves after {@code brokerReadySeconds}; adding or removing one moves about
 *       1/n of the bundles, whose producers pause for {@code bundleUnloadSeconds};
 *   <li>a new bookie is ready after {@code bookieReadySeconds} and takes its share of writes over
 *       {@code ledgerRolloverSeconds} as ledgers roll over;
 *   <li>a bookie scale-down is a safe decommission: the bookie stops taking writes at once, stays
 *       (and is paid for) until its data has re-replicated at {@code recoveryBytesPerSec}, and that
 *       recovery loads the other bookies' ledger disks;
 *   <li>a bookie setting is a rolling restart: one bookie at a time is down for {@code
 *       bookieRestartSeconds}; the new value is in force once every bookie has restarted. A second
 *       restart-requiring change while one is rolling is refused, as is a restart while ledgers are
 *       under-replicated (a decommission is running);
 *   <li>a dynamic broker setting is in force from the next window.
 * </ul>
 *
 * <p>Deterministic: the same parameters, trace, seed and sequence of actions give the same windows
 * and snapshots.
 */
public final class PulsarClusterTwin implements Environment {
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final double[] SIZE_BOUNDS = {
    128, 512, 1024, 2048, 4096, 16384, 102400, 1048576, Double.POSITIVE_INFINITY
  };

  private final TwinParameters p;
  private final ClusterPhysics physics;
  private final WorkloadTrace trace;
  private final double windowSeconds;
  private final SplittableRandom rng;
  private final String clusterId;

  private double now;
  private int brokersDesired;
  private final List<Double> brokerReadyAt = new ArrayList<>();
  private final List<Double> bookieReadyAt = new ArrayList<>();
  private final List<Double> decommissionLeftBytes = new ArrayList<>();
  private TwinSettings settings;
  private TwinSettings rollingTarget;
  private int rollingPodsLeft;
  private double rollingPodSecondsLeft;
  private double backlog;
  private double storedBytesPerBookie;
  private double disruptedFraction;
  private double disruptionMs;
  private WindowRecord last;
  private int disruptiveChanges;
  private ClusterSnapshot lastSnapshot;

  /**
   * @param brokers brokers at the start, all ready
   * @param bookies bookies at the start, all ready and carrying an even share
   */
  public PulsarClusterTwin(
      TwinParameters parameters,
      WorkloadTrace trace,
      int brokers,
      int bookies,
      TwinSettings settings,
      double windowSeconds,
      long seed) {
    KnobCatalog.BROKERS.requireAllowed(brokers);
    KnobCatalog.BOOKIES.requireAllowed(bookies);
    if (!(windowSeconds >= 1)) {
      throw new IllegalArgumentException("windowSeconds=" + windowSeconds + " must be >= 1");
    }
    this.p = parameters;
    this.physics = new ClusterPhysics(parameters);
    this.trace = trace;
    this.windowSeconds = windowSeconds;
    this.rng = new SplittableRandom(seed);
    this.clusterId = "twin-" + trace.name();
    this.brokersDesired = brokers;
    for (int i = 0; i < brokers; i++) {
      brokerReadyAt.add(-1e9);
    }
    for (int i = 0; i < bookies; i++) {
      bookieReadyAt.add(-1e9);
    }
    this.settings = settings;
    WorkloadPoint first = trace.at(0);
    this.storedBytesPerBookie = first.bytesRate() * p.writeQuorum() / bookies * p.retainedSeconds();
  }

  public double windowSeconds() {
    return windowSeconds;
  }

  public WorkloadTrace trace() {
    return trace;
  }

  public TwinParameters parameters() {
    return p;
  }

  public ClusterPhysics physics() {
    return physics;
  }

  public boolean finished() {
    return now + windowSeconds > trace.durationSeconds() + 1e-9;
  }

  public double nowSeconds() {
    return now;
  }

  @Override
  public Instant now() {
    return EPOCH.plusMillis(Math.round(now * 1000));
  }

  /** Settings in force now (a rolling change shows only once complete). */
  public TwinSettings settings() {
    return settings;
  }

  public int brokersDesired() {
    return brokersDesired;
  }

  public int bookiesDesired() {
    return bookieReadyAt.size();
  }

  public boolean restartInProgress() {
    return rollingTarget != null;
  }

  public boolean decommissionInProgress() {
    return !decommissionLeftBytes.isEmpty();
  }

  /**
   * Changes carried out so far that added, removed or restarted pods (a repeated request for a
   * state already in effect is not counted).
   */
  public int disruptiveChanges() {
    return disruptiveChanges;
  }

  /** The last complete window, or null before the first {@link #step()}. */
  public WindowRecord lastWindow() {
    return last;
  }

  /** The settings as the cluster would report them: replicas desired and every knob's value. */
  public ClusterSettings clusterSettings() {
    Map<String, String> values = new TreeMap<>();
    for (Knob k : KnobCatalog.standard().settings()) {
      values.put(k.name(), k.format(settings.get(k)));
    }
    return new ClusterSettings(brokersDesired, bookieReadyAt.size(), values);
  }

  @Override
  public ClusterSnapshot observe() throws TelemetryException {
    if (lastSnapshot == null) {
      throw new TelemetryException(clusterId + ": no window has completed yet; call step() first");
    }
    return lastSnapshot;
  }

  @Override
  public ApplyOutcome apply(Action action) {
    Instant at = now();
    if (action instanceof Action.NoOp) {
      return ApplyOutcome.applied(action, at, "nothing to do", Duration.ZERO);
    }
    if (action instanceof Action.ScaleBrokers s) {
      return scaleBrokers(action, s.to(), at);
    }
    if (action instanceof Action.ScaleBookies s) {
      return scaleBookies(action, s.to(), at);
    }
    Action.ChangeSetting c = (Action.ChangeSetting) action;
    return changeSetting(action, c.knob(), c.to(), at);
  }

  private ApplyOutcome scaleBrokers(Action action, int to, Instant at) {
    if (to == brokersDesired) {
      return ApplyOutcome.started(action, at, "brokers already " + to, settleBrokers());
    }
    if (to > brokersDesired) {
      for (int i = brokersDesired; i < to; i++) {
        brokerReadyAt.add(now + p.brokerReadySeconds());
      }
    } else {
      // Remove the newest first: a broker still starting has no bundles to move.
      int ready = readyBrokers(now);
      for (int i = brokersDesired; i > to; i--) {
        brokerReadyAt.remove(brokerReadyAt.size() - 1);
      }
      int readyAfter = readyBrokers(now);
      if (readyAfter < ready) {
        noteDisruption((double) (ready - readyAfter) / ready, p.bundleUnloadSeconds());
      }
    }
    brokersDesired = to;
    disruptiveChanges++;
    return ApplyOutcome.started(action, at, "broker StatefulSet scaled to " + to, settleBrokers());
  }

  private Duration settleBrokers() {
    double latest = 0;
    for (double r : brokerReadyAt) {
      latest = Math.max(latest, r - now);
    }
    return Duration.ofMillis(Math.round(latest * 1000));
  }

  private ApplyOutcome scaleBookies(Action action, int to, Instant at) {
    int current = bookieReadyAt.size();
    if (to == current) {
      return ApplyOutcome.started(action, at, "bookies already " + to, Duration.ZERO);
    }
    if (to > current) {
      for (int i = current; i < to; i++) {
        bookieReadyAt.add(now + p.bookieReadySeconds());
      }
      disruptiveChanges++;
      return ApplyOutcome.started(
          action,
          at,
          "bookie StatefulSet scaled to " + to,
          Duration.ofSeconds((long) (p.bookieReadySeconds() + p.ledgerRolloverSeconds())));
    }
    if (rollingTarget != null) {
      return ApplyOutcome.refused(
          action, at, "a rolling restart of bookies is in progress; decommission waits for it");
    }
    double seconds = 0;
    for (int i = current; i > to; i--) {
      bookieReadyAt.remove(bookieReadyAt.size() - 1);
      decommissionLeftBytes.add(storedBytesPerBookie);
      seconds += storedBytesPerBookie / p.recoveryBytesPerSec();
    }
    disruptiveChanges++;
    return ApplyOutcome.started(
        action,
        at,
        (current - to) + " bookie(s) decommissioning: writes stopped, ledgers re-replicating",
        Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private ApplyOutcome changeSetting(Action action, Knob knob, double to, Instant at) {
    if (knob.applyMethod() == ApplyMethod.DYNAMIC) {
      settings = settings.with(knob, to);
      return ApplyOutcome.applied(
          action, at, knob.name() + " set through the admin API", Duration.ZERO);
    }
    if (knob.applyMethod() != ApplyMethod.ROLLING_RESTART_BOOKIES) {
      return ApplyOutcome.refused(
          action, at, knob.name() + " is applied by " + knob.applyMethod() + ", not modelled");
    }
    if (rollingTarget != null) {
      if (rollingTarget.get(knob) == to) {
        return ApplyOutcome.started(action, at, "rolling restart already under way", restLeft());
      }
      return ApplyOutcome.refused(
          action, at, "another rolling restart of bookies is in progress; one at a time");
    }
    if (!decommissionLeftBytes.isEmpty()) {
      return ApplyOutcome.refused(
          action, at, "ledgers are under-replicated while a bookie decommissions");
    }
    rollingTarget = settings.with(knob, to);
    rollingPodsLeft = bookieReadyAt.size();
    rollingPodSecondsLeft = p.bookieRestartSeconds();
    disruptiveChanges++;
    return ApplyOutcome.started(
        action,
        at,
        "rolling restart of " + rollingPodsLeft + " bookies for " + knob.name(),
        restLeft());
  }

  private Duration restLeft() {
    double s = rollingPodSecondsLeft + Math.max(0, rollingPodsLeft - 1) * p.bookieRestartSeconds();
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private void noteDisruption(double fraction, double seconds) {
    double f = fraction * Math.min(1, seconds / windowSeconds);
    disruptedFraction = Math.min(1, disruptedFraction + f);
    disruptionMs = Math.max(disruptionMs, seconds * 1000);
  }

  private int readyBrokers(double t) {
    int n = 0;
    for (double r : brokerReadyAt) {
      if (r <= t) {
        n++;
      }
    }
    return n;
  }

  /** Bookies taking new writes at time t: ready ones, ramping in as ledgers roll over. */
  private double bookiesInService(double t) {
    double n = 0;
    for (double r : bookieReadyAt) {
      if (r <= t) {
        double age = t - r;
        n += r < 0 ? 1 : Math.min(1, age / Math.max(1, p.ledgerRolloverSeconds()));
      }
    }
    if (rollingTarget != null) {
      n -= 1;
    }
    return Math.max(n, 0);
  }

  /** Simulates the next window and returns what happened in it. */
  public WindowRecord step() {
    if (finished()) {
      throw new IllegalStateException(
          clusterId + " finished at t=" + now + " s; trace lasts " + trace.durationSeconds());
    }
    double dt = windowSeconds;
    double mid = now + dt / 2;
    WorkloadPoint offered = trace.average(now, now + dt);
    double loadFactor = Math.max(0.2, 1 + p.loadNoise() * gaussian());
    double latencyFactor = Math.exp(p.latencyNoise() * gaussian());
    offered = ClusterPhysics.withRate(offered, offered.msgRate() * loadFactor);

    int readyBrokers = readyBrokers(mid);
    // A broker that just became ready takes 1/n of the bundles, whose producers pause.
    int readyBefore = readyBrokers(now);
    if (readyBrokers > readyBefore && readyBefore > 0) {
      noteDisruption((double) (readyBrokers - readyBefore) / readyBrokers, p.bundleUnloadSeconds());
    }
    double bookies = Math.max(0, bookiesInService(mid));
    double recoveryBytes = 0;
    if (!decommissionLeftBytes.isEmpty()) {
      recoveryBytes = p.recoveryBytesPerSec() / Math.max(1, bookies);
    }

    double served;
    double lost = 0;
    SteadyState st;
    double backlogDelayMs;
    boolean down = readyBrokers < 1 || bookies < Math.min(p.writeQuorum(), 1);
    if (down || bookies < 1) {
      served = 0;
      backlog += offered.msgRate() * dt;
      st = null;
    } else {
      double wanted = offered.msgRate() + backlog / dt;
      double cap =
          physics.capacity(
              offered, readyBrokers, Math.max(1, bookies), settings, recoveryBytes, 0.97);
      served = Math.min(wanted, cap);
      backlog = Math.max(0, backlog + (offered.msgRate() - served) * dt);
      st =
          physics.evaluate(
              ClusterPhysics.withRate(offered, served),
              readyBrokers,
              Math.max(1, bookies),
              settings,
              recoveryBytes);
    }
    double limit = p.producerBufferSeconds() * offered.msgRate();
    if (backlog > limit) {
      lost = backlog - limit;
      backlog = limit;
    }
    double drainRate = st == null ? 1 : Math.max(1, served);
    backlogDelayMs = backlog / drainRate * 1000;

    double p50;
    double p99;
    if (st == null) {
      p50 = p99 = p.producerBufferSeconds() * 1000;
    } else {
      p50 = st.p50Ms() * latencyFactor + backlogDelayMs * 0.5;
      p99 = st.p99Ms() * latencyFactor + backlogDelayMs;
    }
    if (rollingTarget != null) {
      double f = p.writeQuorum() / Math.max(1, bookieReadyAt.size());
      noteDisruption(f, p.restartWritePauseSeconds());
    }
    boolean disrupted = disruptedFraction > 0;
    if (disruptedFraction >= 0.01) {
      p99 = Math.max(p99, disruptionMs);
    }
    if (disruptedFraction >= 0.5) {
      p50 = Math.max(p50, disruptionMs);
    }

    // Disk: data retained for retainedSeconds, spread over the bookies taking writes.
    double writeBytes = served * offered.avgMsgBytes() * p.writeQuorum();
    double target = writeBytes * p.retainedSeconds() / Math.max(1, bookies);
    double relax = Math.min(1, dt / p.retainedSeconds());
    storedBytesPerBookie += (target - storedBytesPerBookie) * relax;
    double diskUsage = Math.min(1, storedBytesPerBookie / p.ledgerDiskBytes());

    int pods = brokerReadyAt.size() + bookieReadyAt.size() + decommissionLeftBytes.size();
    WindowRecord rec =
        new WindowRecord(
            now,
            dt,
            offered.msgRate(),
            served,
            offered.avgMsgBytes(),
            lost,
            backlog,
            brokersDesired,
            readyBrokers,
            bookieReadyAt.size(),
            bookies,
            pods,
            settings.groupWaitMs(),
            settings.get(KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB),
            p50,
            p99,
            st == null ? 1 : st.brokerCpu(),
            diskUsage,
            st == null ? 2 : st.utilisation(),
            st == null ? "unavailable" : st.bindingResource(),
            disrupted);
    lastSnapshot = snapshot(rec, st, offered);
    last = rec;

    advanceChanges(dt);
    now += dt;
    disruptedFraction = 0;
    disruptionMs = 0;
    return rec;
  }

  private void advanceChanges(double dt) {
    if (!decommissionLeftBytes.isEmpty()) {
      double budget = p.recoveryBytesPerSec() * dt;
      while (budget > 0 && !decommissionLeftBytes.isEmpty()) {
        double left = decommissionLeftBytes.get(0);
        if (left <= budget) {
          budget -= left;
          decommissionLeftBytes.remove(0);
        } else {
          decommissionLeftBytes.set(0, left - budget);
          budget = 0;
        }
      }
    }
    if (rollingTarget != null) {
      double t = dt;
      while (t > 0 && rollingTarget != null) {
        if (rollingPodSecondsLeft <= t) {
          t -= rollingPodSecondsLeft;
          rollingPodsLeft--;
          rollingPodSecondsLeft = p.bookieRestartSeconds();
          if (rollingPodsLeft <= 0) {
            settings = rollingTarget;
            rollingTarget = null;
          }
        } else {
          rollingPodSecondsLeft -= t;
          t = 0;
        }
      }
    }
  }

  private double gaussian() {
    double u1 = Math.max(1e-12, rng.nextDouble());
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private ClusterSnapshot snapshot(WindowRecord rec, SteadyState st, WorkloadPoint load) {
    Instant start = EPOCH.plusMillis(Math.round(rec.tSeconds() * 1000));
    Instant end = EPOCH.plusMillis(Math.round((rec.tSeconds() + rec.seconds()) * 1000));
    List<String> problems = new ArrayList<>();
    List<NodeSnapshot<BrokerMetric>> brokers = new ArrayList<>();
    int n = rec.brokersReady();
    double imbalance = 1 + p.loadImbalance() * Math.sqrt(Math.max(1, n) / (double) load.topics());
    double hotShare = n == 0 ? 0 : imbalance / n;
    double otherShare = n <= 1 ? hotShare : (1 - hotShare) / (n - 1);
    for (int i = 0; i < n; i++) {
      double share = i == 0 ? hotShare : otherShare;
      double rel = hotShare > 0 ? share / hotShare : 1;
      double in = rec.servedMsgRate() * share;
      Map<BrokerMetric, Reading> r = new EnumMap<>(BrokerMetric.class);
      put(r, BrokerMetric.MSG_RATE_IN, in, end);
      put(r, BrokerMetric.MSG_RATE_OUT, in * load.fanOut(), end);
      put(r, BrokerMetric.BYTES_RATE_IN, in * load.avgMsgBytes(), end);
      put(r, BrokerMetric.BYTES_RATE_OUT, in * load.avgMsgBytes() * load.fanOut(), end);
      put(r, BrokerMetric.PUBLISH_LATENCY_P50, rec.p50Ms() * (0.9 + 0.1 * rel), end);
      put(
          r,
          BrokerMetric.PUBLISH_LATENCY_P95,
          rec.p50Ms() + (rec.p99Ms() - rec.p50Ms()) * 0.5 * (0.8 + 0.2 * rel),
          end);
      put(r, BrokerMetric.PUBLISH_LATENCY_P99, rec.p99Ms() * (0.8 + 0.2 * rel), end);
      if (st != null) {
        put(r, BrokerMetric.STORAGE_WRITE_LATENCY_P50, st.storageP50Ms(), end);
        put(r, BrokerMetric.STORAGE_WRITE_LATENCY_P99, st.storageP99Ms(), end);
        put(r, BrokerMetric.CACHE_HIT_RATE, st.cacheHitRate(), end);
        put(r, BrokerMetric.CPU_UTILISATION, Math.min(1, st.brokerCpu() * rel), end);
      }
      put(r, BrokerMetric.PENDING_ADD_QUEUE, in * rec.p50Ms() / 1000, end);
      put(r, BrokerMetric.BACKLOG, rec.backlogMessages() * share, end);
      double cacheBytes =
          Math.min(
              settings.mlCacheBytes(),
              in * load.avgMsgBytes() * settings.mlCacheEvictionMs() / 1000);
      put(r, BrokerMetric.CACHE_SIZE, cacheBytes, end);
      double cpu = st == null ? 1 : Math.min(1, st.brokerCpu() * rel);
      put(r, BrokerMetric.HEAP_USED, p.brokerHeapBytes() * (0.25 + 0.4 * cpu), end);
      put(r, BrokerMetric.HEAP_MAX, p.brokerHeapBytes(), end);
      put(
          r,
          BrokerMetric.DIRECT_MEMORY_USED,
          Math.min(p.brokerDirectMemoryBytes(), cacheBytes + 64.0 * (1 << 20)),
          end);
      put(r, BrokerMetric.DIRECT_MEMORY_MAX, p.brokerDirectMemoryBytes(), end);
      put(r, BrokerMetric.TOPICS, Math.round(load.topics() * share), end);
      put(r, BrokerMetric.PRODUCERS, Math.round(load.producers() * share), end);
      put(r, BrokerMetric.CONSUMERS, Math.round(load.consumers() * share), end);
      brokers.add(NodeSnapshot.broker("broker-" + i, r));
    }
    if (n == 0) {
      problems.add("no broker is ready");
    }
    List<NodeSnapshot<BookieMetric>> bookies = new ArrayList<>();
    int k = bookieReadyAt.size();
    for (int i = 0; i < k; i++) {
      Map<BookieMetric, Reading> r = new EnumMap<>(BookieMetric.class);
      boolean ready = bookieReadyAt.get(i) <= rec.tSeconds() + rec.seconds() / 2;
      if (!ready) {
        problems.add("bookie-" + i + " is starting");
        bookies.add(NodeSnapshot.bookie("bookie-" + i, r));
        continue;
      }
      double entries = rec.servedMsgRate() * p.writeQuorum() / Math.max(1, rec.bookiesInService());
      put(r, BookieMetric.ADD_ENTRY_RATE, entries, end);
      put(r, BookieMetric.WRITE_BYTES_RATE, entries * load.avgMsgBytes(), end);
      put(r, BookieMetric.READ_ENTRY_RATE, entries * (st == null ? 0 : 1 - st.cacheHitRate()), end);
      if (st != null) {
        // A bookie's journal add latency runs from the entry's arrival to its fsync, so it
        // includes the wait in the journal queue. (The backlog of an overload waits at the
        // producers and brokers, which hold back requests, not in the bookie.)
        double add50 = st.journalP50Ms() + st.journalQueueP50Ms();
        double add99 = st.journalP99Ms() + st.journalQueueP99Ms();
        put(r, BookieMetric.JOURNAL_ADD_LATENCY_P50, add50, end);
        put(r, BookieMetric.JOURNAL_ADD_LATENCY_P99, add99, end);
        put(r, BookieMetric.JOURNAL_SYNC_LATENCY_P50, st.fsyncMs(), end);
        put(r, BookieMetric.JOURNAL_SYNC_LATENCY_P99, st.fsyncMs() * p.fsyncTailFactor(), end);
        // Little's law: entries arriving per second times the time each spends in the journal.
        put(r, BookieMetric.JOURNAL_QUEUE_SIZE, entries * add50 / 1000, end);
        put(r, BookieMetric.JOURNAL_FORCE_WRITE_BATCH_ENTRIES, st.entriesPerFlush(), end);
        put(r, BookieMetric.CPU_UTILISATION, Math.min(1, st.bookieCpu()), end);
      }
      put(r, BookieMetric.HEAP_USED, 512.0 * (1 << 20), end);
      put(
          r,
          BookieMetric.DIRECT_MEMORY_USED,
          settings.writeCacheBytes() + settings.readAheadCacheBytes(),
          end);
      put(r, BookieMetric.DISK_USAGE, rec.bookieDiskUsage(), end);
      put(
          r,
          BookieMetric.UNDER_REPLICATED_LEDGERS,
          decommissionLeftBytes.isEmpty() && rollingTarget == null ? 0 : 1 + rng.nextInt(20),
          end);
      bookies.add(NodeSnapshot.bookie("bookie-" + i, r));
    }
    return new ClusterSnapshot(
        clusterId,
        start,
        end,
        brokers,
        bookies,
        sizes(load, rec.servedMsgRate() * rec.seconds(), end),
        clusterSettings(),
        problems);
  }

  private static void put(Map<BrokerMetric, Reading> r, BrokerMetric m, double v, Instant at) {
    r.put(m, Reading.of(v, at, "twin"));
  }

  private static void put(Map<BookieMetric, Reading> r, BookieMetric m, double v, Instant at) {
    r.put(m, Reading.of(v, at, "twin"));
  }

  /** Entry sizes as a lognormal (sigma 1) around the window's mean, in Pulsar's buckets. */
  static MessageSizeDistribution sizes(WorkloadPoint load, double messages, Instant at) {
    double sigma = 1.0;
    double mu = Math.log(load.avgMsgBytes()) - sigma * sigma / 2;
    long[] counts = new long[SIZE_BOUNDS.length];
    double prev = 0;
    for (int i = 0; i < SIZE_BOUNDS.length; i++) {
      double cdf =
          Double.isInfinite(SIZE_BOUNDS[i])
              ? 1
              : normalCdf((Math.log(SIZE_BOUNDS[i]) - mu) / sigma);
      counts[i] = Math.round(Math.max(0, cdf - prev) * messages);
      prev = cdf;
    }
    return new MessageSizeDistribution(
        SIZE_BOUNDS.clone(), counts, Reading.of(load.avgMsgBytes(), at, "bytes in / messages in"));
  }

  static double normalCdf(double x) {
    // Abramowitz-Stegun 7.1.26; accurate to about 1e-7, plenty for a size histogram.
    double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x / 2);
    return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
  }
}
