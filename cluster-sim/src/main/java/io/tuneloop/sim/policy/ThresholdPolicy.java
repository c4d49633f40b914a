package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * KAAP's autoscaler (the Kubernetes Autoscaling for Apache Pulsar operator), as documented:
 *
 * <ul>
 *   <li>brokers: every period, +1 only if every broker's CPU is above {@code 0.8}; -1 only if every
 *       broker is below {@code 0.3}; after a broker scale, nothing for the 5-minute stabilisation
 *       window;
 *   <li>bookies: disk-based. +1 when every writable bookie's ledger disk is above the high-water
 *       mark (0.92); -1 when every one is below the low-water mark (0.75) and more than {@code
 *       minWritableBookies} (3) remain; same stabilisation window.
 * </ul>
 *
 * Settings are never changed. A node with no CPU or disk reading (starting) blocks a decision, as a
 * missing metric does in KAAP.
 */
public final class ThresholdPolicy implements Policy {
  static final double UP = 0.8;
  static final double DOWN = 0.3;
  static final double DISK_HWM = 0.92;
  static final double DISK_LWM = 0.75;
  static final Duration STABILISATION = Duration.ofMinutes(5);

  private final BenchBounds bounds;
  private Instant lastBrokerScale = Instant.MIN;
  private Instant lastBookieScale = Instant.MIN;

  public ThresholdPolicy(BenchBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public String name() {
    return "threshold";
  }

  @Override
  public List<Action> decide(ClusterSnapshot s) {
    List<Action> actions = new ArrayList<>();
    Instant now = s.windowEnd();
    int brokers = s.settings().brokers();
    if (stable(lastBrokerScale, now) && s.brokers().size() == brokers && brokers > 0) {
      boolean allHigh = true;
      boolean allLow = true;
      for (NodeSnapshot<BrokerMetric> b : s.brokers()) {
        Reading cpu = b.get(BrokerMetric.CPU_UTILISATION);
        if (!cpu.isPresent()) {
          allHigh = false;
          allLow = false;
          break;
        }
        allHigh &= cpu.value() > UP;
        allLow &= cpu.value() < DOWN;
      }
      int target = allHigh ? brokers + 1 : allLow ? brokers - 1 : brokers;
      target = bounds.clampBrokers(target);
      if (target != brokers) {
        actions.add(new Action.ScaleBrokers(brokers, target));
        lastBrokerScale = now;
      }
    }
    int bookies = s.settings().bookies();
    if (stable(lastBookieScale, now) && !s.bookies().isEmpty()) {
      boolean allHigh = true;
      boolean allLow = true;
      for (NodeSnapshot<BookieMetric> b : s.bookies()) {
        Reading disk = b.get(BookieMetric.DISK_USAGE);
        if (!disk.isPresent()) {
          allHigh = false;
          allLow = false;
          break;
        }
        allHigh &= disk.value() > DISK_HWM;
        allLow &= disk.value() < DISK_LWM;
      }
      int target = allHigh ? bookies + 1 : allLow ? bookies - 1 : bookies;
      target = bounds.clampBookies(target);
      if (target != bookies) {
        actions.add(new Action.ScaleBookies(bookies, target));
        lastBookieScale = now;
      }
    }
    return actions;
  }

  private static boolean stable(Instant last, Instant now) {
    return last == Instant.MIN || !now.isBefore(last.plus(STABILISATION));
  }
}
