package io.tuneloop.app.export;

import io.tuneloop.sim.policy.BenchBounds;
import io.tuneloop.sim.policy.FederatedBaseline;
import io.tuneloop.sim.policy.PolicyFactory;
import io.tuneloop.sim.policy.StaticPolicy;
import io.tuneloop.sim.policy.TuneloopPolicy;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.sim.twin.WindowRecord;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.guards.ActionRecord;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs Tuneloop's decision loop on the digital twin and keeps what a reviewer needs: one row per
 * window of what the cluster looked like (the twin's ground truth and the model's features), and
 * one row per decision: the action the planner chose, whether the guards let it through, and what
 * the model predicted (ensemble mean and spread) for what was then done ({@code prediction_for}:
 * the chosen action, or no change when it was vetoed or refused) next to what the following window
 * showed.
 *
 * <p>The loop is {@link TuneloopPolicy}'s (the shipped federated baseline, the standard planner and
 * the benchmark's guard chain in {@code AUTO} mode) without online fine-tuning, so every row is the
 * shipped baseline's own prediction and the export stays deterministic for a seed and fast.
 */
final class TwinDecisionExport {
  static final List<String> WINDOW_COLUMNS =
      List.of(
          "trace",
          "window",
          "t_seconds",
          "offered_msg_rate",
          "served_msg_rate",
          "avg_msg_bytes",
          "lost_messages",
          "backlog_messages",
          "brokers_desired",
          "brokers_ready",
          "bookies_desired",
          "bookies_in_service",
          "pods_paid",
          "group_wait_ms",
          "ml_cache_mb",
          "p50_ms",
          "p99_ms",
          "broker_cpu",
          "bookie_disk_usage",
          "utilisation",
          "binding_resource",
          "disrupted");

  static final List<String> DECISION_COLUMNS =
      List.of(
          "trace",
          "window",
          "t_seconds",
          "decided_at",
          "action",
          "disruptive",
          "applied",
          "guard_vetoes",
          "reason",
          "runner_up_1",
          "runner_up_2",
          "model_version",
          "prediction_for",
          "pred_p99_ms_mean",
          "pred_p99_ms_spread",
          "pred_cpu_mean",
          "pred_cpu_spread",
          "pred_headroom_mean",
          "pred_headroom_spread",
          "obs_p99_ms",
          "obs_cpu",
          "obs_headroom",
          "brokers_before",
          "bookies_before",
          "binding_resource",
          "utilisation");

  private final TwinParameters params;
  private final double windowSeconds;
  private final Objectives objectives;
  private final Bounds bounds;
  private final PerformanceModel model;
  private final long seed;

  TwinDecisionExport(
      TwinParameters params,
      double windowSeconds,
      double sloP99Ms,
      PerformanceModel model,
      long seed) {
    this.params = params;
    this.windowSeconds = windowSeconds;
    BenchBounds benchBounds = BenchBounds.standard();
    this.objectives =
        new PolicyFactory(params, windowSeconds, sloP99Ms, benchBounds, seed).objectives();
    this.bounds = TuneloopPolicy.bounds(benchBounds);
    this.model = model;
    this.seed = seed;
  }

  static TwinDecisionExport withShippedBaseline(
      TwinParameters params, double windowSeconds, double sloP99Ms, long seed) {
    return new TwinDecisionExport(params, windowSeconds, sloP99Ms, FederatedBaseline.load(), seed);
  }

  static CsvTable windowsTable(FeatureSchema schema) {
    List<String> header = new ArrayList<>(WINDOW_COLUMNS);
    for (var f : schema.features()) {
      header.add("f_" + f.name());
    }
    return new CsvTable(header);
  }

  static CsvTable decisionsTable() {
    return new CsvTable(DECISION_COLUMNS);
  }

  FeatureSchema schema() {
    return model.schema();
  }

  /**
   * Replays the first {@code maxWindows} windows of {@code trace} (all of it when shorter) and
   * appends its rows to the two tables.
   */
  void run(WorkloadTrace trace, int maxWindows, CsvTable windows, CsvTable decisions) {
    if (maxWindows < 2) {
      throw new IllegalArgumentException("maxWindows=" + maxWindows + " must be >= 2");
    }
    PulsarClusterTwin twin =
        new PulsarClusterTwin(
            params,
            trace,
            StaticPolicy.BROKERS,
            StaticPolicy.BOOKIES,
            TwinSettings.defaults(),
            windowSeconds,
            seed);
    Planner planner = new Planner(model, CandidateGenerator.standard());
    // The benchmark's guard chain, as TuneloopPolicy builds it.
    GuardChain guards =
        GuardChain.standard(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            20,
            Duration.ofMinutes(3),
            0.5,
            3,
            Duration.ofHours(1),
            Set.of());
    List<ActionRecord> history = new ArrayList<>();
    FeatureSchema schema = model.schema();
    Pending pending = null;
    int window = 0;
    while (!twin.finished() && window < maxWindows) {
      WindowRecord w = twin.step();
      ClusterSnapshot snap;
      try {
        snap = twin.observe();
      } catch (TelemetryException e) {
        throw new IllegalStateException("twin produced no snapshot after a step", e);
      }
      windows.add(windowRow(trace.name(), window, w, schema.vectorize(snap)));
      if (pending != null) {
        // The previous decision's outcome is what this window showed.
        Optional<ObservedOutcome> o = ObservedOutcome.from(snap);
        List<Object> row = new ArrayList<>(pending.decision());
        row.add(o.map(ObservedOutcome::p99LatencyMs).orElse(Double.NaN));
        row.add(o.map(ObservedOutcome::peakCpuUtilisation).orElse(Double.NaN));
        row.add(o.map(ObservedOutcome::headroom).orElse(Double.NaN));
        row.addAll(pending.context());
        decisions.add(row);
        pending = null;
      }
      if (window == maxWindows - 1 || twin.finished()) {
        break; // a last decision would have no observed outcome
      }
      Plan plan = planner.plan(new PlanRequest(snap, bounds, objectives, Mode.AUTO, false));
      Action chosen = plan.chosen();
      GuardReport report =
          guards.check(
              chosen, new GuardContext(snap.windowEnd(), Mode.AUTO, snap, bounds, history));
      String vetoes = report.allowed() ? "" : report.summary();
      boolean applied = false;
      if (report.allowed() && !(chosen instanceof Action.NoOp)) {
        ApplyOutcome out = twin.apply(chosen);
        applied = out.status().changedCluster();
        if (applied) {
          history.add(ActionRecord.applied(chosen, out.at(), out.settledAt()));
        }
      }
      // What the next window shows is the outcome of what was done: the chosen action if it was
      // carried out (or is the no-op), otherwise no change. Record the prediction for that.
      boolean noChange = chosen instanceof Action.NoOp;
      Prediction p =
          applied || noChange
              ? plan.chosenScore().prediction()
              : model.predict(snap, List.of(snap.settings())).get(0);
      String predictionFor = applied || noChange ? chosen.describe() : Action.noOp().describe();
      List<Object> decided = new ArrayList<>();
      decided.add(trace.name());
      decided.add(window);
      decided.add(w.tSeconds() + w.seconds());
      decided.add(snap.windowEnd().toString());
      decided.add(chosen.describe());
      decided.add(chosen.isDisruptive());
      decided.add(applied);
      decided.add(vetoes);
      decided.add(plan.reason());
      decided.add(runnerUp(plan, 0));
      decided.add(runnerUp(plan, 1));
      decided.add(plan.modelVersion());
      decided.add(predictionFor);
      decided.add(p.p99LatencyMs().mean());
      decided.add(p.p99LatencyMs().spread());
      decided.add(p.peakCpuUtilisation().mean());
      decided.add(p.peakCpuUtilisation().spread());
      decided.add(p.throughputHeadroom().mean());
      decided.add(p.throughputHeadroom().spread());
      pending =
          new Pending(
              decided,
              List.of(
                  w.brokersDesired(), w.bookiesDesired(), w.bindingResource(), w.utilisation()));
      window++;
    }
  }

  /**
   * A decision waiting for the next window's outcome: its columns before the observed ones, and the
   * context of the window it was made in (the columns after).
   */
  private record Pending(List<Object> decision, List<Object> context) {}

  private static String runnerUp(Plan plan, int i) {
    return plan.runnerUps().size() > i ? plan.runnerUps().get(i).summary() : "";
  }

  private static List<Object> windowRow(
      String trace, int window, WindowRecord w, FeatureVector features) {
    List<Object> row = new ArrayList<>();
    row.add(trace);
    row.add(window);
    row.add(w.tSeconds());
    row.add(w.offeredMsgRate());
    row.add(w.servedMsgRate());
    row.add(w.avgMsgBytes());
    row.add(w.lostMessages());
    row.add(w.backlogMessages());
    row.add(w.brokersDesired());
    row.add(w.brokersReady());
    row.add(w.bookiesDesired());
    row.add(w.bookiesInService());
    row.add(w.podsPaid());
    row.add(w.groupWaitMs());
    row.add(w.mlCacheMb());
    row.add(w.p50Ms());
    row.add(w.p99Ms());
    row.add(w.brokerCpu());
    row.add(w.bookieDiskUsage());
    row.add(w.utilisation());
    row.add(w.bindingResource());
    row.add(w.disrupted());
    for (int i = 0; i < features.size(); i++) {
      row.add(features.isPresent(i) ? features.value(i) : null);
    }
    return row;
  }
}
