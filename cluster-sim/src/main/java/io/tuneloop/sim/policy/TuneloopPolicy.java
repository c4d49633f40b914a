package io.tuneloop.sim.policy;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.guards.ActionRecord;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.guards.GuardReport;
import io.tuneloop.tuning.guards.UrgentScaleUp;
import io.tuneloop.tuning.learner.Experience;
import io.tuneloop.tuning.learner.ReplayBuffer;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Sample;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tuneloop's own loop on the twin, with the tuning-model's parts and nothing else: the {@link
 * Planner} over the standard {@link CandidateGenerator} and a {@link PerformanceModel}, the
 * standard {@link GuardChain} in {@code AUTO} mode (one disruptive change in flight, cooldown,
 * stabilisation, change budget, under-replication), and online learning: every decision's
 * (features, settings after, the outcome {@link LaggedOutcomes} credits it with) goes into a {@link
 * ReplayBuffer}, and the model is fine-tuned on the most recent experiences every {@code
 * fineTuneEvery} windows. The fine-tune runs in {@link #learn()}, off the decision path, as the
 * operator runs it; {@link #decide} is the observe-to-plan latency the benchmark reports.
 *
 * <p>{@code tuneloop-cold} starts from a freshly initialised ensemble, {@code tuneloop-federated}
 * from the shipped baseline pre-trained on a simulated fleet.
 */
public final class TuneloopPolicy implements Policy {
  private final String name;
  private final PerformanceModel model;
  private final Planner planner;
  private final GuardChain guards;
  private final Bounds bounds;
  private final Objectives objectives;
  private final ReplayBuffer buffer;
  private final int fineTuneEvery;
  private final int fineTuneSamples;
  private final int fineTuneEpochs;
  private final List<ActionRecord> history = new ArrayList<>();
  private final List<TuneloopDecision> decisions = new ArrayList<>();
  private final LaggedOutcomes outcomes;
  private int windows;
  private int lastTuneAt;

  public TuneloopPolicy(
      String name,
      PerformanceModel model,
      Bounds bounds,
      Objectives objectives,
      int fineTuneEvery,
      int fineTuneSamples,
      int fineTuneEpochs,
      int outcomeLag) {
    this.name = name;
    this.model = model;
    this.planner = new Planner(model, CandidateGenerator.standard());
    this.guards =
        // The benchmark's guardrails: a cooldown of one decision period and KAAP's 5-minute
        // stabilisation, so Tuneloop reacts no slower than the threshold baseline does. (The
        // operator's CR defaults are more cautious: a 10-minute cooldown.)
        GuardChain.standard(
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                20,
                Duration.ofMinutes(3),
                0.5,
                3,
                Duration.ofHours(1),
                Set.of())
            // Adding capacity while the SLO is missed does not wait for a roll or a cooldown.
            .withUrgentScaleUp(new UrgentScaleUp(objectives.sloP99Ms()));
    this.bounds = bounds;
    this.objectives = objectives;
    this.buffer = new ReplayBuffer(10_000);
    this.fineTuneEvery = fineTuneEvery;
    this.fineTuneSamples = fineTuneSamples;
    this.fineTuneEpochs = fineTuneEpochs;
    this.outcomes = new LaggedOutcomes(outcomeLag);
  }

  /** Knobs the benchmark lets Tuneloop turn: those the twin models with a material effect. */
  public static final List<String> BENCH_KNOBS =
      List.of(
          "journalMaxGroupWaitMSec",
          "journalBufferedWritesThreshold",
          "dbStorage_writeCacheMaxSizeMb",
          "managedLedgerCacheSizeMB",
          "dispatcherMaxReadBatchSize");

  /**
   * The bounds the benchmark gives Tuneloop: the same replica limits as every policy, steps of up
   * to 2, and {@link #BENCH_KNOBS} over their catalog ranges (narrowed as a BrokerCluster may, to
   * keep the candidate list, and so the decision latency, small).
   */
  public static Bounds bounds(BenchBounds b) {
    java.util.Map<String, io.tuneloop.tuning.planner.KnobRange> knobs = new java.util.TreeMap<>();
    for (String name : BENCH_KNOBS) {
      io.tuneloop.tuning.knobs.Knob k = io.tuneloop.tuning.knobs.KnobCatalog.standard().get(name);
      knobs.put(name, new io.tuneloop.tuning.planner.KnobRange(k.min(), k.max()));
    }
    return new Bounds(b.minBrokers(), b.maxBrokers(), b.minBookies(), b.maxBookies(), 2, knobs);
  }

  @Override
  public String name() {
    return name;
  }

  public PerformanceModel model() {
    return model;
  }

  @Override
  public List<Action> decide(ClusterSnapshot s) {
    windows++;
    Instant now = s.windowEnd();
    for (LaggedOutcomes.Attributed a : outcomes.observe(s)) {
      buffer.add(new Experience(now, a.features(), a.action(), a.settings(), a.outcome()));
    }
    FeatureSchema schema = model.schema();
    FeatureVector features = schema.vectorize(s);
    GuardContext context = new GuardContext(now, Mode.AUTO, s, bounds, history);
    // The best action the guards allow now, not the best action held until they allow it.
    Plan plan =
        planner.plan(
            new PlanRequest(s, bounds, objectives, Mode.AUTO, false),
            a -> guards.check(a, context).allowed());
    Action chosen = plan.chosen();
    GuardReport report = guards.check(chosen, context);
    if (!report.allowed()) {
      chosen = Action.noOp();
    }
    decisions.add(new TuneloopDecision(now, plan, report, chosen));
    outcomes.decided(
        features,
        chosen.describe(),
        chosen.applyTo(s.settings()),
        !(chosen instanceof Action.NoOp));
    return chosen instanceof Action.NoOp ? List.of() : List.of(chosen);
  }

  /** Every decision of this run so far, one per window, oldest first. */
  public List<TuneloopDecision> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public void outcome(Action action, ApplyOutcome outcome) {
    if (outcome.status().changedCluster()) {
      history.add(ActionRecord.applied(action, outcome.at(), outcome.settledAt()));
    }
  }

  /** Fine-tunes on the most recent experiences every {@code fineTuneEvery} windows. */
  @Override
  public void learn() {
    if (windows - lastTuneAt < fineTuneEvery || buffer.size() < 20) {
      return;
    }
    lastTuneAt = windows;
    List<Experience> all = buffer.snapshot();
    List<Sample> recent = new ArrayList<>();
    for (int i = Math.max(0, all.size() - fineTuneSamples); i < all.size(); i++) {
      recent.add(all.get(i).toSample());
    }
    model.fit(model.encode(recent), fineTuneEpochs, 64);
  }
}
