package io.tuneloop.sim.fleet;

import io.tuneloop.sim.policy.BenchBounds;
import io.tuneloop.sim.policy.Policy;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random but plausible changes, for collecting training data that covers under- and
 * over-provisioned configurations and the settings the planner may propose: every few windows one
 * of brokers +-1..2, bookies +-1, a journal group wait, a buffered-writes threshold or a
 * managed-ledger cache size. Never used in a benchmark.
 */
public final class ExplorationPolicy implements Policy {
  private static final double[] WAITS = {0, 1, 2, 5, 10, 20};
  private static final double[] THRESHOLDS = {128 * 1024, 512 * 1024, 2 << 20};
  private static final double[] CACHES = {64, 205, 1024};

  private final BenchBounds bounds;
  private final SplittableRandom r;

  public ExplorationPolicy(BenchBounds bounds, long seed) {
    this.bounds = bounds;
    this.r = new SplittableRandom(seed);
  }

  @Override
  public String name() {
    return "exploration";
  }

  @Override
  public List<Action> decide(ClusterSnapshot s) {
    if (r.nextInt(4) != 0) {
      return List.of();
    }
    int b = s.settings().brokers();
    int k = s.settings().bookies();
    switch (r.nextInt(6)) {
      case 0, 1 -> {
        int to = bounds.clampBrokers(b + (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(2)));
        return to == b ? List.of() : List.of(new Action.ScaleBrokers(b, to));
      }
      case 2 -> {
        int to = bounds.clampBookies(k + (r.nextBoolean() ? 1 : -1));
        return to == k ? List.of() : List.of(new Action.ScaleBookies(k, to));
      }
      case 3 -> {
        return change(s, KnobCatalog.JOURNAL_MAX_GROUP_WAIT_MSEC, WAITS[r.nextInt(WAITS.length)]);
      }
      case 4 -> {
        return change(
            s,
            KnobCatalog.JOURNAL_BUFFERED_WRITES_THRESHOLD,
            THRESHOLDS[r.nextInt(THRESHOLDS.length)]);
      }
      default -> {
        return change(
            s, KnobCatalog.MANAGED_LEDGER_CACHE_SIZE_MB, CACHES[r.nextInt(CACHES.length)]);
      }
    }
  }

  private static List<Action> change(ClusterSnapshot s, Knob knob, double to) {
    double from = knob.current(s.settings());
    return from == to ? List.of() : List.of(new Action.ChangeSetting(knob, from, to));
  }
}
