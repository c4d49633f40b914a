package io.tuneloop.sim.bench;

import io.tuneloop.sim.twin.WindowRecord;
import java.util.List;

/**
 * One policy's run over one trace: the scored metrics and the windows they were computed from.
 *
 * @param podHours brokers plus bookies paid for, in pod-hours
 * @param sloViolationMinutes minutes of windows whose p99 publish latency exceeded the SLO
 * @param throughputLostPct messages producers could not publish, as a percentage of those offered
 * @param disruptiveActions actions that added, removed or restarted pods and were carried out
 * @param decisionP99Ms p99 wall-clock time of the policy's decision per window (measured, so it
 *     varies between runs; every other field is deterministic for a seed)
 * @param firstDaySloViolationMinutes SLO-violation minutes within the first simulated 24 hours
 */
public record RunResult(
    String trace,
    String policy,
    double podHours,
    double sloViolationMinutes,
    double throughputLostPct,
    int disruptiveActions,
    double decisionP99Ms,
    double firstDaySloViolationMinutes,
    List<WindowRecord> windows) {

  public RunResult {
    windows = List.copyOf(windows);
  }
}
