package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.model.ObservedOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Pairs each decision with the outcome of the window {@code lag} windows after it. With lag 1 that
 * is the next window, in which a dynamic setting is already in force but a new broker (ready after
 * 90 s) or bookie (120 s, then 300 s to take its share) is not yet serving; a longer lag credits a
 * scale-up with the window its pods serve in, at the price of more load change in between. Measured
 * on four seeds, lag 3 did worse than lag 1 (docs/benchmarks.md), so the benchmark and the
 * pre-training fleet use {@link #DEFAULT_LAG} = 1.
 *
 * <p>An outcome is attributed to a decision only when no other change was made before it was
 * observed: a later change would mix its own effect into the earlier decision's outcome. The
 * operator's learner works the same way, one decision at a time, observed after it settled.
 */
public final class LaggedOutcomes {
  /** The lag the benchmark and the pre-training fleet use by default, in windows. */
  public static final int DEFAULT_LAG = 1;

  private final int lag;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private int window;

  /**
   * @throws IllegalArgumentException when {@code lag} is below 1
   */
  public LaggedOutcomes(int lag) {
    if (lag < 1) {
      throw new IllegalArgumentException("outcome lag " + lag + " windows must be at least 1");
    }
    this.lag = lag;
  }

  /** A decision together with the outcome it is credited with. */
  public record Attributed(
      FeatureVector features, String action, ClusterSettings settings, ObservedOutcome outcome) {}

  private record Pending(int window, FeatureVector features, String action, ClusterSettings s) {}

  /**
   * The decisions whose outcome {@code snapshot} (the window just ended) is; call once per window,
   * before {@link #decided}. A snapshot without latency or CPU readings completes nothing, and the
   * decisions waiting for it are dropped rather than credited with a later window.
   */
  public List<Attributed> observe(ClusterSnapshot snapshot) {
    window++;
    List<Attributed> out = new ArrayList<>();
    Optional<ObservedOutcome> o = ObservedOutcome.from(snapshot);
    while (!pending.isEmpty() && window - pending.peekFirst().window() >= lag) {
      Pending p = pending.pollFirst();
      o.ifPresent(v -> out.add(new Attributed(p.features(), p.action(), p.s(), v)));
    }
    return out;
  }

  /**
   * Records the decision made after the window last observed.
   *
   * @param changedCluster whether it changed the cluster; if so, the decisions still waiting for
   *     their outcome are dropped
   */
  public void decided(
      FeatureVector features, String action, ClusterSettings settings, boolean changedCluster) {
    if (changedCluster) {
      pending.clear();
    }
    pending.addLast(new Pending(window, features, action, settings));
  }

  /** Decisions still waiting for their outcome window. */
  public int waiting() {
    return pending.size();
  }
}
