package io.tuneloop.sim.bench;

import io.tuneloop.sim.policy.LaggedOutcomes;
import io.tuneloop.sim.policy.TuneloopDecision;
import io.tuneloop.sim.twin.WindowRecord;
import io.tuneloop.tuning.guards.GuardVerdict;
import io.tuneloop.tuning.model.Estimate;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a Tuneloop run window by window as CSV, for finding out why it missed the SLO: the load
 * offered and served, the replicas and settings in force, the p99 observed, what the planner chose
 * with its predicted p99 (mean and spread) and why, which guards vetoed it, what was applied, and
 * the p99 observed in the window the run's learning credits the decision with ({@link
 * LaggedOutcomes}: the next window by default).
 */
public final class DecisionLogWriter {
  static final String HEADER =
      "t_seconds,offered_msg_rate,served_msg_rate,avg_msg_bytes,backlog_messages,lost_messages,"
          + "brokers_desired,brokers_ready,bookies_desired,bookies_in_service,group_wait_ms,"
          + "broker_cpu,utilisation,binding,disrupted,p99_ms,chosen,predicted_p99_ms,"
          + "predicted_p99_spread_ms,chosen_feasible,vetoes,applied,outcome_p99_ms,reason";

  private DecisionLogWriter() {}

  /**
   * @param windows the run's windows; decision {@code i} was made after window {@code i}
   * @param outcomeLag windows between a decision and its outcome window
   * @throws IllegalArgumentException when there are more decisions than windows
   */
  public static String csv(
      List<WindowRecord> windows, List<TuneloopDecision> decisions, int outcomeLag) {
    if (decisions.size() > windows.size()) {
      throw new IllegalArgumentException(
          decisions.size() + " decisions for only " + windows.size() + " windows");
    }
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < decisions.size(); i++) {
      WindowRecord w = windows.get(i);
      TuneloopDecision d = decisions.get(i);
      Estimate p99 = d.plan().chosenScore().prediction().p99LatencyMs();
      int outcome = i + outcomeLag;
      String next = outcome < windows.size() ? num(windows.get(outcome).p99Ms()) : "";
      String vetoes =
          String.join(
              " | ", d.guards().vetoes().stream().map(GuardVerdict::guard).distinct().toList());
      sb.append(
          String.join(
              ",",
              num(w.tSeconds()),
              num(w.offeredMsgRate()),
              num(w.servedMsgRate()),
              num(w.avgMsgBytes()),
              num(w.backlogMessages()),
              num(w.lostMessages()),
              Integer.toString(w.brokersDesired()),
              Integer.toString(w.brokersReady()),
              Integer.toString(w.bookiesDesired()),
              num(w.bookiesInService()),
              num(w.groupWaitMs()),
              num(w.brokerCpu()),
              num(w.utilisation()),
              quote(w.bindingResource()),
              Boolean.toString(w.disrupted()),
              num(w.p99Ms()),
              quote(d.plan().chosen().describe()),
              num(p99.mean()),
              num(p99.spread()),
              Boolean.toString(d.plan().chosenScore().feasible()),
              quote(vetoes),
              quote(d.applied().describe()),
              next,
              quote(d.plan().reason())));
      sb.append('\n');
    }
    return sb.toString();
  }

  public static void write(
      Path file, List<WindowRecord> windows, List<TuneloopDecision> decisions, int outcomeLag) {
    ResultsWriter.write(file, csv(windows, decisions, outcomeLag));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
