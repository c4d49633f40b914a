package io.tuneloop.tuning.knobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.decision.Decider;
import io.tuneloop.tuning.decision.Decision;
import io.tuneloop.tuning.guards.BoundsGuard;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.model.Estimate;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.model.Predictor;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.CostWeights;
import io.tuneloop.tuning.planner.KnobRange;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import io.tuneloop.tuning.planner.Plan;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import io.tuneloop.tuning.planner.ScoredCandidate;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The durability denylist holds whatever the model predicts and whatever bounds and settings a
 * cluster has: no plan, runner-up or decision ever changes a denylisted key, and no denylisted key
 * can become a knob, a bound or an action.
 */
class DenylistPropertyTest {
  private static final List<String> DENIED_FRAGMENTS =
      List.of(
          "EnsembleSize",
          "WriteQuorum",
          "AckQuorum",
          "journalSyncData",
          "journalWriteData",
          "authenticationEnabled",
          "authorizationProvider",
          "superUserRoles",
          "tlsEnabled",
          "saslJaasClientAllowedIds",
          "brokerClientAuthenticationParameters",
          "tokenSecretKey",
          "RackawarePolicyEnabled",
          "replicationClusters",
          "fsyncEnable",
          "keyStorePassword");

  @Provide
  Arbitrary<String> deniedKeys() {
    Arbitrary<String> prefix = Arbitraries.strings().alpha().ofMaxLength(12);
    Arbitrary<String> suffix = Arbitraries.strings().alpha().numeric().ofMaxLength(8);
    Arbitrary<String> fragment =
        Arbitraries.of(DENIED_FRAGMENTS)
            .flatMap(
                f -> Arbitraries.of(f, f.toLowerCase(), f.toUpperCase(), "PULSAR_PREFIX_" + f));
    return Combinators.combine(prefix, fragment, suffix)
        .as((p, f, s) -> f.startsWith("PULSAR_PREFIX_") ? f + s : "x" + p + f + s);
  }

  @Property(tries = 300)
  void noDenylistedKeyBecomesAKnobBoundOrAction(@ForAll("deniedKeys") String key) {
    assertThat(DurabilityDenylist.isDenied(key)).as(key).isTrue();
    assertThatThrownBy(() -> KnobCatalog.standard().get(key))
        .isInstanceOf(DeniedKnobException.class);
    assertThatThrownBy(() -> Action.ChangeSetting.of(key, 1, 2))
        .isInstanceOf(DeniedKnobException.class);
    assertThatThrownBy(() -> new Bounds(1, 3, 1, 3, 1, Map.of(key, new KnobRange(0, 1))))
        .isInstanceOf(DeniedKnobException.class)
        .hasMessageContaining(key);
    assertThatThrownBy(
            () ->
                new Knob(
                    key.replaceAll("[^A-Za-z0-9_]", "_"),
                    KnobLocation.BROKER_CONF,
                    ApplyMethod.ROLLING_RESTART_BROKERS,
                    KnobType.INTEGER,
                    0,
                    10,
                    1,
                    "test",
                    1,
                    ModelScale.LINEAR,
                    "test"))
        .isInstanceOf(DeniedKnobException.class);
  }

  @Property(tries = 150)
  void catalogKnobsAreNeverDenied(@ForAll("catalogNames") String name) {
    assertThat(DurabilityDenylist.isDenied(name)).isFalse();
  }

  @Provide
  Arbitrary<String> catalogNames() {
    return Arbitraries.of(KnobCatalog.standard().all().stream().map(Knob::name).toList());
  }

  /**
   * Random predictions (any finite values and spreads), random bounds and objectives, current
   * settings that include denylisted keys: every plan and decision stays off the denylist and
   * inside the bounds.
   */
  @Property(tries = 120)
  void plansStayOffTheDenylistAndInsideBounds(
      @ForAll long seed, @ForAll("deniedKeys") String deniedInSettings) {
    Random rnd = new Random(seed);
    Bounds bounds = randomBounds(rnd);
    Map<String, String> values = new HashMap<>();
    values.put(deniedInSettings, Integer.toString(rnd.nextInt(5)));
    values.put("managedLedgerDefaultAckQuorum", "2");
    values.put("journalSyncData", "true");
    for (Knob k : KnobCatalog.standard().settings()) {
      if (rnd.nextBoolean()) {
        // Anything a cluster may report, including values outside the catalog range.
        double v =
            k.type() == KnobType.BOOLEAN
                ? rnd.nextInt(2)
                : Math.rint(rnd.nextDouble() * k.max() * 2);
        values.put(k.name(), k.format(v));
      }
    }
    ClusterSettings settings =
        new ClusterSettings(1 + rnd.nextInt(40), 1 + rnd.nextInt(40), values);
    ClusterSnapshot snapshot =
        SyntheticCluster.snapshot(
            new SyntheticCluster.Load(1000 + rnd.nextInt(100_000), 100 + rnd.nextInt(4000), 100),
            settings,
            SyntheticCluster.T0);
    Objectives objectives =
        new Objectives(
            1 + rnd.nextDouble() * 500,
            0.05 + rnd.nextDouble() * 0.95,
            -rnd.nextDouble(),
            rnd.nextDouble() * 3,
            rnd.nextDouble() * 2,
            new CostWeights(rnd.nextDouble() * 5, rnd.nextDouble() * 5, rnd.nextDouble() * 5, 1));
    Mode mode = Mode.values()[rnd.nextInt(3)];
    PlanRequest request = new PlanRequest(snapshot, bounds, objectives, mode, rnd.nextBoolean());
    Planner planner =
        new Planner(new RandomPredictor(rnd.nextLong()), CandidateGenerator.standard());
    Plan plan = planner.plan(request);

    List<Action> seen = new ArrayList<>();
    seen.add(plan.chosen());
    plan.runnerUps().stream().map(ScoredCandidate::action).forEach(seen::add);
    GuardContext ctx = new GuardContext(SyntheticCluster.T0, mode, snapshot, bounds, List.of());
    for (Action a : seen) {
      if (a instanceof Action.ChangeSetting c) {
        assertThat(DurabilityDenylist.isDenied(c.knob().name())).isFalse();
        assertThat(KnobCatalog.standard().contains(c.knob())).isTrue();
      }
      assertThat(new BoundsGuard().check(a, ctx).allowed()).as(a.describe()).isTrue();
    }
    Decision d = new Decider(planner, standardGuards()).decide(request, ctx);
    if (d.action() instanceof Action.ChangeSetting c) {
      assertThat(DurabilityDenylist.isDenied(c.knob().name())).isFalse();
    }
  }

  private static GuardChain standardGuards() {
    return GuardChain.standard(
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        4,
        Duration.ofMinutes(5),
        0.5,
        3,
        Duration.ofHours(6),
        Set.of());
  }

  private static Bounds randomBounds(Random rnd) {
    int minB = 1 + rnd.nextInt(20);
    int minK = 1 + rnd.nextInt(20);
    Map<String, KnobRange> allowed = new HashMap<>();
    for (Knob k : KnobCatalog.standard().settings()) {
      if (rnd.nextInt(3) > 0) {
        double a = Math.rint(k.min() + rnd.nextDouble() * (k.max() - k.min()));
        double b = Math.rint(k.min() + rnd.nextDouble() * (k.max() - k.min()));
        allowed.put(k.name(), new KnobRange(Math.min(a, b), Math.max(a, b)));
      }
    }
    return new Bounds(
        minB, minB + rnd.nextInt(20), minK, minK + rnd.nextInt(20), 1 + rnd.nextInt(4), allowed);
  }

  /** A "model" whose outputs are arbitrary: the denylist must not depend on what it says. */
  private static final class RandomPredictor implements Predictor {
    private final Random rnd;

    RandomPredictor(long seed) {
      this.rnd = new Random(seed);
    }

    @Override
    public List<Prediction> predict(ClusterSnapshot snapshot, List<ClusterSettings> candidates) {
      List<Prediction> out = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        out.add(new Prediction(estimate(1e4), estimate(3), estimate(4)));
      }
      return out;
    }

    private Estimate estimate(double scale) {
      double mean =
          switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -scale * rnd.nextDouble();
            case 2 -> scale * 1e6 * rnd.nextDouble();
            default -> scale * rnd.nextDouble();
          };
      return new Estimate(mean, rnd.nextBoolean() ? 0 : scale * rnd.nextDouble());
    }

    @Override
    public String version() {
      return "random";
    }
  }
}
