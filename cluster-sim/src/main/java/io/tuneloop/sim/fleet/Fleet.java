package io.tuneloop.sim.fleet;

import io.tuneloop.sim.trace.BuiltinTraces;
import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A diverse fleet of simulated clusters for pre-training the shipped baseline: pod sizes, disks,
 * fsync cost, NICs and load spread vary around the checked-in parameters, and each cluster replays
 * a built-in trace shape with its own seed (never the benchmark's), scaled to its own size and cut
 * to {@code hours}. Deterministic for a seed.
 */
public final class Fleet {
  /** Fleet trace seeds start here, far from the seeds a benchmark uses by default. */
  public static final long SEED_OFFSET = 1_000_003L;

  private Fleet() {}

  public static List<SimulatedCluster> diverse(
      TwinParameters base, int clusters, double hours, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> shapes = BuiltinTraces.names();
    List<SimulatedCluster> fleet = new ArrayList<>();
    for (int i = 0; i < clusters; i++) {
      double cores = new double[] {1, 2, 4}[r.nextInt(3)];
      TwinParameters p =
          base.with(
              Map.of(
                  "brokerCores", cores,
                  "bookieCores", cores,
                  "fsyncBaseMs", base.fsyncBaseMs() * logUniform(r, 0.5, 2.5),
                  "journalDiskBytesPerSec", base.journalDiskBytesPerSec() * logUniform(r, 0.5, 2),
                  "ledgerDiskBytesPerSec", base.ledgerDiskBytesPerSec() * logUniform(r, 0.5, 2),
                  "journalIops", base.journalIops() * logUniform(r, 0.5, 3),
                  "brokerNetBytesPerSec", base.brokerNetBytesPerSec() * logUniform(r, 0.5, 2),
                  "loadImbalance", base.loadImbalance() * logUniform(r, 0.3, 2),
                  "brokerCpuPerMsgMicros", base.brokerCpuPerMsgMicros() * logUniform(r, 0.6, 1.6)));
      String shape = shapes.get(i % shapes.size());
      WorkloadTrace t = BuiltinTraces.get(shape, SEED_OFFSET + seed * 1000 + i);
      double scale = logUniform(r, 0.25, 2.0) * cores / 2;
      fleet.add(new SimulatedCluster("fleet-" + i + "-" + shape, p, scaleAndCut(t, scale, hours)));
    }
    return fleet;
  }

  static double logUniform(SplittableRandom r, double lo, double hi) {
    return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  static WorkloadTrace scaleAndCut(WorkloadTrace t, double scale, double hours) {
    double end = Math.min(t.durationSeconds(), hours * 3600);
    List<WorkloadPoint> pts = new ArrayList<>();
    for (WorkloadPoint p : t.points()) {
      if (p.tSeconds() < end) {
        pts.add(
            new WorkloadPoint(
                p.tSeconds(),
                p.msgRate() * scale,
                p.avgMsgBytes(),
                p.topics(),
                p.producers(),
                p.consumers()));
      }
    }
    return new WorkloadTrace(
        t.name() + "-x" + String.format(java.util.Locale.ROOT, "%.2f", scale), pts, end);
  }
}
