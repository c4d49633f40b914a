package io.tuneloop.sim.twin;

import io.tuneloop.sim.trace.WorkloadPoint;

/**
 * The twin's steady-state model of one window: a pure function of the parameters, the load, the
 * capacity in service and the settings. No randomness and no history live here; {@link
 * PulsarClusterTwin} adds those.
 *
 * <p>Brokers: CPU per message, per dispatch and per byte, reads that miss the managed-ledger cache,
 * NIC bandwidth (producers in, consumers and bookie replicas out); the hottest broker carries
 * {@code 1 + loadImbalance * sqrt(brokers / topics)} times the mean. Bookies: a journal group
 * commit that flushes after {@code journalMaxGroupWaitMSec} or {@code
 * journalBufferedWritesThreshold} bytes, whichever comes first, at most once per fsync; the journal
 * device spends two I/Os of its IOPS budget per flush plus bytes over its bandwidth; ledger storage
 * flushes the write cache by halves and at every {@code flushInterval}. Each resource queues as an
 * M/M/c whose waiting-time quantiles give p50 and p99. Large messages are bandwidth-bound because
 * the per-byte terms dominate, and their transfer time adds to latency directly.
 */
public final class ClusterPhysics {
  /** Utilisation used in latency formulas when a resource is at or past saturation. */
  static final double SATURATED = 0.995;

  private final TwinParameters p;

  public ClusterPhysics(TwinParameters p) {
    this.p = p;
  }

  public TwinParameters parameters() {
    return p;
  }

  /**
   * @param load the offered (or served) load of the window
   * @param brokers brokers serving traffic (ready), >= 1
   * @param bookies bookies taking new writes (may be fractional while a new one ramps up), >= 1
   * @param extraLedgerBytesPerBookie re-replication traffic landing on each bookie's ledger disk
   */
  public SteadyState evaluate(
      WorkloadPoint load,
      double brokers,
      double bookies,
      TwinSettings s,
      double extraLedgerBytesPerBookie) {
    if (brokers < 1 || bookies < 1) {
      throw new IllegalArgumentException(
          "need at least one broker and one bookie in service, got " + brokers + ", " + bookies);
    }
    double rate = load.msgRate();
    double size = load.avgMsgBytes();
    double fan = load.fanOut();

    // Brokers: the hottest one.
    double imbalance = 1 + p.loadImbalance() * Math.sqrt(brokers / Math.max(1, load.topics()));
    double rateB = rate * imbalance / brokers;
    double bytesB = rateB * size;
    double evictSeconds = s.mlCacheEvictionMs() / 1000;
    double cacheSeconds = bytesB > 0 ? s.mlCacheBytes() / bytesB : Double.POSITIVE_INFINITY;
    double covered = Math.min(evictSeconds, cacheSeconds);
    double hit =
        (1 - p.catchUpReadFraction())
            * (1 - Math.exp(-covered / Math.max(1e-6, p.tailReadLagSeconds())));
    double missMsgs = rateB * fan * (1 - hit);
    double readBatch =
        Math.max(1, Math.min(s.dispatcherReadBatch(), s.dispatcherReadBytes() / size));
    double cpuB =
        p.brokerIdleCores()
            + rateB * (p.brokerCpuPerMsgMicros() + fan * p.brokerCpuPerDispatchMicros()) * 1e-6
            + bytesB * (1 + fan) * p.brokerCpuPerByteNanos() * 1e-9
            + missMsgs / readBatch * p.brokerCpuPerCacheMissMicros() * 1e-6;
    double rhoCpuB = cpuB / p.brokerCores();
    double netIn = bytesB * (1 + fan * (1 - hit));
    double netOut = bytesB * (fan + p.writeQuorum());
    double rhoNetB = Math.max(netIn, netOut) / p.brokerNetBytesPerSec();

    // Bookies: the hottest one (ensembles spread roughly evenly; 10% skew).
    double rateK = rate * p.writeQuorum() / bookies * 1.1;
    double bytesK = rateK * size;
    double w = s.groupWaitMs();
    double thresholdMs =
        bytesK > 0 ? s.bufferedWritesBytes() / bytesK * 1000 : Double.POSITIVE_INFINITY;
    double window = Math.min(w, thresholdMs);
    double maxFlushes = 1000 / Math.max(1e-3, Math.max(window, p.fsyncBaseMs()));
    double flushes = Math.min(rateK, maxFlushes);
    double perFlush = flushes > 0 ? rateK / flushes : 0;
    double fsync = p.fsyncBaseMs() + perFlush * size / p.journalDiskBytesPerSec() * 1000;
    // Each flush is a write plus an fsync: two I/Os from the device's IOPS budget. Fewer, larger
    // flushes (a longer group wait) leave more of the device for bytes: a higher ceiling.
    double rhoJournal = flushes * 2 / p.journalIops() + bytesK / p.journalDiskBytesPerSec();
    double clusterMissBytes = missMsgs * size * brokers / imbalance;
    double readK = clusterMissBytes / bookies;
    double raSeconds = readK > 0 ? s.readAheadCacheBytes() / readK : Double.POSITIVE_INFINITY;
    double raHit = 1 - Math.exp(-raSeconds / Math.max(1e-6, p.readAheadWindowSeconds()));
    double diskReads = readK * (1 - raHit);
    double cpuK =
        (rateK * p.bookieCpuPerEntryMicros() + flushes * p.bookieCpuPerFlushMicros()) * 1e-6
            + (bytesK + readK) * p.bookieCpuPerByteNanos() * 1e-9;
    double rhoCpuK = cpuK / p.bookieCores();
    double checkpoints = Math.max(1000 / s.flushIntervalMs(), bytesK / (s.writeCacheBytes() / 2));
    double rhoLedger =
        (bytesK + diskReads + extraLedgerBytesPerBookie) / p.ledgerDiskBytesPerSec()
            + checkpoints * p.ledgerCheckpointSeconds();

    // Latency: fixed parts, group-commit wait, transfers, then queueing at each resource.
    double lightness = rateK * w / 1000;
    double h = p.groupWaitHeavyFraction();
    double wait50;
    if (w <= 0) {
      wait50 = 0;
    } else if (s.flushWhenQueueEmpty()) {
      wait50 = w * h * Math.min(1, lightness);
    } else {
      wait50 = w * (h + (1 - h) / (1 + lightness));
    }
    wait50 = Math.min(wait50, thresholdMs);
    double wait99 = Math.min(w, thresholdMs);
    double transfer =
        size / p.brokerNetBytesPerSec() * 1000 * 2 + size / p.journalDiskBytesPerSec() * 1000;

    double serviceB = (p.brokerCpuPerMsgMicros() * 1e-3 + size * p.brokerCpuPerByteNanos() * 1e-6);
    double serviceNet = size / p.brokerNetBytesPerSec() * 1000;
    double serviceK = p.bookieCpuPerEntryMicros() * 1e-3 + size * p.bookieCpuPerByteNanos() * 1e-6;
    double serviceL = size / p.ledgerDiskBytesPerSec() * 1000 + p.ledgerCheckpointSeconds() * 10;

    double q50 =
        queue(0.5, rhoCpuB, serviceB, p.brokerCores())
            + queue(0.5, rhoNetB, serviceNet, 1)
            + queue(0.5, rhoJournal, fsync, 1)
            + queue(0.5, rhoCpuK, serviceK, p.bookieCores())
            + queue(0.5, rhoLedger, serviceL, 1);
    double q99 =
        queue(0.99, rhoCpuB, serviceB, p.brokerCores())
            + queue(0.99, rhoNetB, serviceNet, 1)
            + queue(0.99, rhoJournal, fsync, 1)
            + queue(0.99, rhoCpuK, serviceK, p.bookieCores())
            + queue(0.99, rhoLedger, serviceL, 1);
    // With w = 0 an entry usually arrives while another flush is in progress.
    double residual50 = w <= 0 ? fsync * Math.min(1, rhoJournal) * 0.5 : 0;
    double journal50 = wait50 + residual50 + fsync;
    double journal99 = wait99 + fsync * p.fsyncTailFactor();
    double storage50 = journal50 + size / p.brokerNetBytesPerSec() * 1000 + q50 * 0.5;
    double storage99 =
        journal99 + size / p.brokerNetBytesPerSec() * 1000 + q99 * 0.5 * p.queueTailFactor();
    // The size tail: p99 of a lognormal(sigma=1) with this mean is about 6x the mean.
    double sizeTail99 = 6 * size / p.brokerNetBytesPerSec() * 1000 * 2;
    double p50 = p.brokerBaseLatencyMs() + journal50 + transfer + q50;
    double p99 =
        p.brokerBaseLatencyMs()
            + journal99
            + transfer
            + sizeTail99
            + q99 * p.queueTailFactor()
            + p.jitterP99Ms();
    p99 = Math.max(p99, p50);

    double[] rhos = {rhoCpuB, rhoNetB, rhoJournal, rhoCpuK, rhoLedger};
    String[] names = {"broker-cpu", "broker-net", "journal", "bookie-cpu", "ledger-disk"};
    int bind = 0;
    for (int i = 1; i < rhos.length; i++) {
      if (rhos[i] > rhos[bind]) {
        bind = i;
      }
    }
    return new SteadyState(
        rate,
        size,
        rhoCpuB,
        rhoNetB,
        hit,
        rhoJournal,
        rhoCpuK,
        rhoLedger,
        flushes,
        perFlush,
        journal50,
        journal99,
        queue(0.5, rhoJournal, fsync, 1),
        queue(0.99, rhoJournal, fsync, 1) * p.queueTailFactor(),
        fsync,
        storage50,
        storage99,
        p50,
        p99,
        raHit,
        rhos[bind],
        names[bind]);
  }

  /**
   * Waiting-time quantile of an M/M/c queue: the probability of waiting by Sakasegawa's
   * approximation, then an exponential wait with mean {@code service / (c (1 - rho))}.
   */
  static double queue(double q, double rho, double serviceMs, double servers) {
    if (rho <= 0 || serviceMs <= 0) {
      return 0;
    }
    double r = Math.min(rho, SATURATED);
    double pWait = Math.pow(r, Math.sqrt(2 * (servers + 1)));
    if (pWait <= 1 - q) {
      return 0;
    }
    return serviceMs / (servers * (1 - r)) * Math.log(pWait / (1 - q));
  }

  /**
   * The highest message rate at the given size and counts whose binding utilisation stays at or
   * under {@code target}, found by bisection (utilisation grows with rate).
   */
  public double capacity(
      WorkloadPoint load,
      double brokers,
      double bookies,
      TwinSettings s,
      double extraLedgerBytesPerBookie,
      double target) {
    double lo = 0;
    double hi = Math.max(1000, load.msgRate());
    while (evaluate(withRate(load, hi), brokers, bookies, s, extraLedgerBytesPerBookie)
            .utilisation()
        < target) {
      hi *= 2;
      if (hi > 1e10) {
        return hi;
      }
    }
    for (int i = 0; i < 40 && hi - lo > Math.max(1, hi * 1e-4); i++) {
      double mid = (lo + hi) / 2;
      if (evaluate(withRate(load, mid), brokers, bookies, s, extraLedgerBytesPerBookie)
              .utilisation()
          <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static WorkloadPoint withRate(WorkloadPoint load, double rate) {
    return new WorkloadPoint(
        load.tSeconds(),
        rate,
        load.avgMsgBytes(),
        load.topics(),
        load.producers(),
        load.consumers());
  }
}
