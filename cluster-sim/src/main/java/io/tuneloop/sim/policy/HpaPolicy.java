package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2 defaults) on average CPU with a 70%
 * target, one per StatefulSet: {@code desired = ceil(current * avgCpu / 0.7)}, skipped within a 10%
 * tolerance; scale-up at once (at most doubling, or +4), scale-down to the highest recommendation
 * of the last 5 minutes (the default downscale stabilisation). Settings are never changed. The
 * bookie scale-down is carried out as a safe decommission by the twin, which a plain HPA would not
 * do; that only makes this baseline safer than it is.
 */
public final class HpaPolicy implements Policy {
  static final double TARGET = 0.7;
  static final double TOLERANCE = 0.1;
  static final int DOWNSCALE_WINDOWS = 5;

  private final BenchBounds bounds;
  private final Deque<Integer> brokerRecs = new ArrayDeque<>();
  private final Deque<Integer> bookieRecs = new ArrayDeque<>();

  public HpaPolicy(BenchBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public String name() {
    return "hpa";
  }

  @Override
  public List<Action> decide(ClusterSnapshot s) {
    List<Action> actions = new ArrayList<>();
    int brokers = s.settings().brokers();
    Reading brokerCpu = s.brokers(BrokerMetric.CPU_UTILISATION, Aggregation.MEAN);
    int b = recommend(brokers, brokerCpu, brokerRecs);
    b = bounds.clampBrokers(b);
    if (b != brokers) {
      actions.add(new Action.ScaleBrokers(brokers, b));
    }
    int bookies = s.settings().bookies();
    Reading bookieCpu = s.bookies(BookieMetric.CPU_UTILISATION, Aggregation.MEAN);
    int k = recommend(bookies, bookieCpu, bookieRecs);
    k = bounds.clampBookies(k);
    if (k != bookies) {
      actions.add(new Action.ScaleBookies(bookies, k));
    }
    return actions;
  }

  private static int recommend(int current, Reading cpu, Deque<Integer> history) {
    if (!cpu.isPresent() || current == 0) {
      return current;
    }
    double ratio = cpu.value() / TARGET;
    int raw = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(current * ratio);
    raw = Math.min(raw, Math.max(current * 2, current + 4));
    history.addLast(raw);
    while (history.size() > DOWNSCALE_WINDOWS) {
      history.removeFirst();
    }
    if (raw >= current) {
      return raw;
    }
    int highest = history.stream().mapToInt(Integer::intValue).max().orElse(raw);
    return Math.min(current, highest);
  }
}
