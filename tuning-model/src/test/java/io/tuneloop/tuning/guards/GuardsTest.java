package io.tuneloop.tuning.guards;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.telemetry.snapshot.BookieMetric;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.MessageSizeDistribution;
import io.tuneloop.telemetry.snapshot.NodeSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.guards.ActionRecord.Phase;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.KnobRange;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each guard vetoes with its own reason, and lets the harmless case through. */
class GuardsTest {
  private static final Instant NOW = SyntheticCluster.T0.plus(Duration.ofHours(5));
  private static final Bounds BOUNDS =
      new Bounds(
          2,
          8,
          3,
          8,
          2,
          Map.of(
              "journalMaxGroupWaitMSec", new KnobRange(0, 10),
              "dispatcherMaxReadBatchSize", new KnobRange(50, 500)));
  private static final ClusterSnapshot FRESH =
      SyntheticCluster.snapshot(
          new SyntheticCluster.Load(10_000, 1024, 500), SyntheticCluster.settings(4, 4, 1), NOW);

  private final Action scaleUp = new Action.ScaleBrokers(4, 5);
  private final Action scaleDown = new Action.ScaleBrokers(4, 3);
  private final Action journal = Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 4);
  private final Action dynamic = Action.ChangeSetting.of("dispatcherMaxReadBatchSize", 100, 200);

  private static GuardContext ctx(Mode mode, List<ActionRecord> history) {
    return new GuardContext(NOW, mode, FRESH, BOUNDS, history);
  }

  private static GuardContext ctx(List<ActionRecord> history) {
    return ctx(Mode.AUTO, history);
  }

  private static ActionRecord appliedAgo(Action a, Duration ago, Duration settle) {
    Instant at = NOW.minus(ago);
    return ActionRecord.applied(a, at, at.plus(settle));
  }

  @Test
  void modeGuardOnlyLetsAutoApply() {
    ModeGuard g = new ModeGuard();
    assertThat(g.check(scaleUp, ctx(Mode.AUTO, List.of())).allowed()).isTrue();
    GuardVerdict v = g.check(scaleUp, ctx(Mode.RECOMMEND, List.of()));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).contains("RECOMMEND mode").contains("recorded, not applied");
    assertThat(g.check(Action.noOp(), ctx(Mode.OBSERVE, List.of())).allowed()).isTrue();
  }

  @Test
  void cooldownVetoesUntilItHasPassedSinceTheLastChangeSettled() {
    CooldownGuard g = new CooldownGuard(Duration.ofMinutes(10));
    GuardVerdict v =
        g.check(
            dynamic,
            ctx(List.of(appliedAgo(journal, Duration.ofMinutes(8), Duration.ofMinutes(3)))));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).contains("cooling down for 300s more");
    assertThat(
            g.check(
                    dynamic,
                    ctx(
                        List.of(
                            appliedAgo(journal, Duration.ofMinutes(30), Duration.ofMinutes(3)))))
                .allowed())
        .isTrue();
    assertThat(
            g.check(Action.noOp(), ctx(List.of(appliedAgo(journal, Duration.ZERO, Duration.ZERO))))
                .allowed())
        .isTrue();
  }

  @Test
  void stabilisationWindowVetoesAReversal() {
    StabilisationWindowGuard g = new StabilisationWindowGuard(Duration.ofMinutes(30));
    List<ActionRecord> h =
        List.of(appliedAgo(scaleUp, Duration.ofMinutes(20), Duration.ofMinutes(2)));
    GuardVerdict v = g.check(scaleDown, ctx(h));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).contains("would reverse brokers 4 -> 5").contains("30-minute");
    assertThat(g.check(new Action.ScaleBrokers(5, 6), ctx(h)).allowed()).isTrue();
    List<ActionRecord> old =
        List.of(appliedAgo(scaleUp, Duration.ofMinutes(40), Duration.ofMinutes(2)));
    assertThat(g.check(scaleDown, ctx(old)).allowed()).isTrue();
  }

  @Test
  void oneDisruptiveChangeInFlight() {
    OneDisruptiveChangeGuard g = new OneDisruptiveChangeGuard();
    ActionRecord restarting =
        new ActionRecord(
            journal, Phase.APPLIED, NOW.minus(Duration.ofMinutes(2)), Optional.empty());
    GuardVerdict v = g.check(scaleUp, ctx(List.of(restarting)));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason())
        .contains("journalMaxGroupWaitMSec 1 -> 4")
        .contains("still in flight; one disruptive change at a time");
    assertThat(g.check(dynamic, ctx(List.of(restarting))).allowed()).isTrue();
    ActionRecord settled = appliedAgo(journal, Duration.ofMinutes(10), Duration.ofMinutes(5));
    assertThat(g.check(scaleUp, ctx(List.of(settled))).allowed()).isTrue();
  }

  @Test
  void changeBudgetPerHour() {
    ChangeBudgetGuard g = new ChangeBudgetGuard(2);
    List<ActionRecord> two =
        List.of(
            appliedAgo(dynamic, Duration.ofMinutes(50), Duration.ZERO),
            appliedAgo(journal, Duration.ofMinutes(20), Duration.ofMinutes(3)));
    GuardVerdict v = g.check(scaleUp, ctx(two));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).isEqualTo("2 changes in the last hour already use the budget of 2");
    List<ActionRecord> older =
        List.of(
            appliedAgo(dynamic, Duration.ofMinutes(70), Duration.ZERO),
            appliedAgo(journal, Duration.ofMinutes(20), Duration.ofMinutes(3)));
    assertThat(g.check(scaleUp, ctx(older)).allowed()).isTrue();
  }

  @Test
  void holdsOnStaleOrIncompleteSnapshots() {
    SnapshotFreshnessGuard g = new SnapshotFreshnessGuard(Duration.ofMinutes(5), 0.8);
    assertThat(g.check(scaleUp, ctx(List.of())).allowed()).isTrue();
    GuardContext stale =
        new GuardContext(NOW.plus(Duration.ofMinutes(20)), Mode.AUTO, FRESH, BOUNDS, List.of());
    GuardVerdict v = g.check(scaleUp, stale);
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).contains("1200s old, more than 300s; holding");

    Map<BrokerMetric, Reading> few = new EnumMap<>(BrokerMetric.class);
    few.put(BrokerMetric.MSG_RATE_IN, Reading.of(100, NOW, "test"));
    ClusterSnapshot thin =
        new ClusterSnapshot(
            "thin",
            NOW.minusSeconds(60),
            NOW,
            List.of(NodeSnapshot.broker("b0", few)),
            List.of(),
            MessageSizeDistribution.unknown("not scraped"),
            new ClusterSettings(4, 4, Map.of()),
            List.of("bookies did not answer"));
    GuardVerdict t = g.check(scaleUp, new GuardContext(NOW, Mode.AUTO, thin, BOUNDS, List.of()));
    assertThat(t.vetoed()).isTrue();
    assertThat(t.reason()).contains("snapshot is 5% complete, below the required 80%");
  }

  @Test
  void durabilityDenylistGuardVetoesOwnerProtectedKeys() {
    DurabilityDenylistGuard g = new DurabilityDenylistGuard(Set.of("DispatcherMaxReadBatchSize"));
    GuardVerdict v = g.check(dynamic, ctx(List.of()));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason())
        .isEqualTo("dispatcherMaxReadBatchSize is protected by the cluster's owner");
    assertThat(g.check(journal, ctx(List.of())).allowed()).isTrue();
    assertThat(g.check(scaleUp, ctx(List.of())).allowed()).isTrue();
  }

  @Test
  void boundsGuardVetoesReplicasStepsAndKnobsOutsideTheCr() {
    BoundsGuard g = new BoundsGuard();
    assertThat(g.check(scaleUp, ctx(List.of())).allowed()).isTrue();
    assertThat(g.check(new Action.ScaleBrokers(4, 9), ctx(List.of())).reason())
        .isEqualTo("brokers=9 is outside the allowed [2, 8]");
    assertThat(g.check(new Action.ScaleBrokers(4, 7), ctx(List.of())).reason())
        .isEqualTo("brokers step of 3 is larger than the allowed 2 per decision");
    assertThat(g.check(new Action.ScaleBookies(4, 2), ctx(List.of())).reason())
        .isEqualTo("bookies=2 is outside the allowed [3, 8]");
    assertThat(
            g.check(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 20), ctx(List.of()))
                .reason())
        .isEqualTo("journalMaxGroupWaitMSec=20 is outside the allowed [0, 10]");
    assertThat(
            g.check(Action.ChangeSetting.of("flushInterval", 60000, 30000), ctx(List.of()))
                .reason())
        .isEqualTo("flushInterval is not among the knobs this cluster allows");
  }

  @Test
  void restartsWaitForUnderReplicatedLedgers() {
    UnderReplicationGuard g = new UnderReplicationGuard();
    assertThat(g.check(journal, ctx(List.of())).allowed()).isTrue();
    ClusterSnapshot under = withUnderReplicated(Reading.of(12, NOW, "test"));
    GuardVerdict v = g.check(journal, new GuardContext(NOW, Mode.AUTO, under, BOUNDS, List.of()));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason()).contains("12 ledgers are under-replicated");
    GuardVerdict down =
        g.check(
            new Action.ScaleBookies(4, 3),
            new GuardContext(NOW, Mode.AUTO, under, BOUNDS, List.of()));
    assertThat(down.vetoed()).isTrue();
    ClusterSnapshot unknown = withUnderReplicated(Reading.absent("auditor unreachable"));
    GuardVerdict u = g.check(journal, new GuardContext(NOW, Mode.AUTO, unknown, BOUNDS, List.of()));
    assertThat(u.vetoed()).isTrue();
    assertThat(u.reason()).contains("unknown (no node reported under_replicated_ledgers)");
    assertThat(
            g.check(dynamic, new GuardContext(NOW, Mode.AUTO, under, BOUNDS, List.of())).allowed())
        .isTrue();
  }

  @Test
  void rollbackBreakerTripsAndDemotesToRecommend() {
    RollbackBreakerGuard g = new RollbackBreakerGuard(2, Duration.ofHours(2));
    List<ActionRecord> rollbacks =
        List.of(
            new ActionRecord(
                journal,
                Phase.ROLLED_BACK,
                NOW.minus(Duration.ofMinutes(90)),
                Optional.of(NOW.minus(Duration.ofMinutes(80)))),
            new ActionRecord(
                scaleDown,
                Phase.ROLLED_BACK,
                NOW.minus(Duration.ofMinutes(30)),
                Optional.of(NOW.minus(Duration.ofMinutes(25)))));
    GuardVerdict v = g.check(dynamic, ctx(rollbacks));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason())
        .contains("2 rollbacks within 120 minutes (limit 2)")
        .contains("demoting to Recommend");
    assertThat(v.demoteTo()).contains(Mode.RECOMMEND);
    GuardVerdict noOp = g.check(Action.noOp(), ctx(rollbacks));
    assertThat(noOp.allowed()).isTrue();
    assertThat(noOp.demoteTo()).contains(Mode.RECOMMEND);
    assertThat(g.check(dynamic, ctx(rollbacks.subList(1, 2))).allowed()).isTrue();
  }

  @Test
  void chainAsksEveryGuardAndReportsAllVetoes() {
    GuardChain chain =
        GuardChain.standard(
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            4,
            Duration.ofMinutes(5),
            0.8,
            3,
            Duration.ofHours(6),
            Set.of());
    GuardReport ok = chain.check(scaleUp, ctx(List.of()));
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.verdicts()).hasSize(chain.guards().size());
    GuardReport held =
        chain.check(
            scaleDown,
            ctx(
                Mode.RECOMMEND,
                List.of(appliedAgo(scaleUp, Duration.ofMinutes(5), Duration.ofMinutes(1)))));
    assertThat(held.allowed()).isFalse();
    assertThat(held.vetoes())
        .extracting(GuardVerdict::guard)
        .containsExactly("mode", "cooldown", "stabilisation-window");
    assertThat(held.summary()).contains("mode: ").contains("cooldown: ");
    for (Guard guard : chain.guards()) {
      assertThat(guard.check(Action.noOp(), ctx(List.of())).allowed()).as(guard.name()).isTrue();
    }
  }

  @Test
  void anUrgentScaleUpIsNotHeldBackByPacingGuardsButTheSafetyGuardsStillHold() {
    GuardChain chain =
        GuardChain.standard(
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                20,
                Duration.ofMinutes(5),
                0.8,
                3,
                Duration.ofHours(6),
                Set.of())
            .withUrgentScaleUp(new UrgentScaleUp(50));
    ClusterSnapshot overloaded =
        SyntheticCluster.snapshot(
            new SyntheticCluster.Load(50_000, 1024, 500), SyntheticCluster.settings(4, 4, 1), NOW);
    // A bookie roll still in flight, and a broker scale-down 3 minutes ago.
    List<ActionRecord> history =
        List.of(
            new ActionRecord(
                journal, Phase.APPLIED, NOW.minus(Duration.ofMinutes(2)), Optional.empty()),
            appliedAgo(new Action.ScaleBrokers(5, 4), Duration.ofMinutes(3), Duration.ZERO));
    GuardContext missing = new GuardContext(NOW, Mode.AUTO, overloaded, BOUNDS, history);

    GuardReport up = chain.check(scaleUp, missing);
    assertThat(up.allowed()).as(up.summary()).isTrue();
    assertThat(up.verdicts())
        .filteredOn(v -> v.reason().startsWith("waived, urgent"))
        .extracting(GuardVerdict::guard)
        .containsExactlyInAnyOrder("cooldown", "stabilisation-window", "one-disruptive-change");
    assertThat(up.verdicts())
        .filteredOn(v -> v.guard().equals("one-disruptive-change"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.reason())
                    .contains("brokers 4 -> 5 adds capacity while p99")
                    .contains("misses the 50.0 ms SLO")
                    .contains("journalMaxGroupWaitMSec 1 -> 4"));
    assertThat(chain.check(new Action.ScaleBookies(4, 5), missing).allowed()).isTrue();

    // Not urgent: the same history holds a scale-up while the SLO is met ...
    GuardReport calm =
        chain.check(scaleUp, new GuardContext(NOW, Mode.AUTO, FRESH, BOUNDS, history));
    assertThat(calm.vetoes())
        .extracting(GuardVerdict::guard)
        .contains("cooldown", "stabilisation-window", "one-disruptive-change");
    // ... and, with the SLO missed, anything but adding capacity.
    assertThat(chain.check(scaleDown, missing).allowed()).isFalse();
    assertThat(chain.check(journal, missing).vetoes())
        .extracting(GuardVerdict::guard)
        .contains("cooldown", "one-disruptive-change");
    // Safety guards never yield: mode, bounds.
    assertThat(
            chain
                .check(scaleUp, new GuardContext(NOW, Mode.RECOMMEND, overloaded, BOUNDS, history))
                .vetoes())
        .extracting(GuardVerdict::guard)
        .containsExactly("mode");
    assertThat(chain.check(new Action.ScaleBrokers(4, 9), missing).vetoes())
        .extracting(GuardVerdict::guard)
        .contains("bounds");
    // A chain without the rule is unchanged.
    GuardChain plain =
        GuardChain.standard(
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            20,
            Duration.ofMinutes(5),
            0.8,
            3,
            Duration.ofHours(6),
            Set.of());
    assertThat(plain.check(scaleUp, missing).allowed()).isFalse();
  }

  private static ActionRecord abandonedAgo(Action a, Duration ago, String name) {
    return new ActionRecord(
        a, Phase.ABANDONED, NOW.minus(ago), Optional.of(NOW.minus(ago)), Optional.of(name));
  }

  @Test
  void abandonedChangeGuardVetoesTheSameValueAgainButNotAnotherChange() {
    AbandonedChangeGuard g = new AbandonedChangeGuard(Duration.ofHours(24));
    List<ActionRecord> history =
        List.of(abandonedAgo(journal, Duration.ofHours(3), "c1-20260302-100000-a1b2"));

    // The same knob to the same value, from wherever it is now.
    GuardVerdict v =
        g.check(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 2, 4), ctx(history));
    assertThat(v.vetoed()).isTrue();
    assertThat(v.reason())
        .contains("sets journalMaxGroupWaitMSec to 4")
        .contains("decision c1-20260302-100000-a1b2")
        .contains("journalMaxGroupWaitMSec 1 -> 4")
        .contains("abandoned at " + NOW.minus(Duration.ofHours(3)))
        .contains("not proposed again until " + NOW.plus(Duration.ofHours(21)));
    // Another value of the same knob, another knob, a scale: allowed.
    assertThat(g.check(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 3), ctx(history)))
        .satisfies(a -> assertThat(a.allowed()).as(a.reason()).isTrue());
    assertThat(g.check(dynamic, ctx(history)).allowed()).isTrue();
    assertThat(g.check(scaleUp, ctx(history)).allowed()).isTrue();
    assertThat(g.check(Action.noOp(), ctx(history)).allowed()).isTrue();
    // Only an abandoned change counts, and only for the memory.
    assertThat(
            g.check(journal, ctx(List.of(appliedAgo(journal, Duration.ofHours(3), Duration.ZERO))))
                .allowed())
        .isTrue();
    assertThat(
            g.check(journal, ctx(List.of(abandonedAgo(journal, Duration.ofHours(25), "old"))))
                .allowed())
        .isTrue();
    assertThat(new AbandonedChangeGuard(Duration.ofHours(2)).check(journal, ctx(history)).allowed())
        .isTrue();
  }

  @Test
  void abandonedChangeGuardVetoesAScaleUpThatCreatesTheStalledPodAgain() {
    AbandonedChangeGuard g = new AbandonedChangeGuard(Duration.ofHours(24));
    // brokers 4 -> 5 stalled waiting for broker 4.
    List<ActionRecord> history = List.of(abandonedAgo(scaleUp, Duration.ofMinutes(30), "up"));
    GuardVerdict same = g.check(scaleUp, ctx(history));
    assertThat(same.vetoed()).isTrue();
    assertThat(same.reason())
        .contains("scaling brokers 4 -> 5 creates broker 4")
        .contains("decision up (brokers 4 -> 5)");
    assertThat(g.check(new Action.ScaleBrokers(3, 6), ctx(history)).vetoed()).isTrue();
    // Up to a target short of the stalled pod, beyond it from a count that has it, down, or the
    // other workload: allowed.
    assertThat(g.check(new Action.ScaleBrokers(3, 4), ctx(history)).allowed()).isTrue();
    assertThat(g.check(new Action.ScaleBrokers(5, 6), ctx(history)).allowed()).isTrue();
    assertThat(g.check(scaleDown, ctx(history)).allowed()).isTrue();
    assertThat(g.check(new Action.ScaleBookies(4, 5), ctx(history)).allowed()).isTrue();
    // An abandoned scale-down makes no scale-up suspect.
    assertThat(
            g.check(scaleUp, ctx(List.of(abandonedAgo(scaleDown, Duration.ofMinutes(30), "down"))))
                .allowed())
        .isTrue();
  }

  @Test
  void anUrgentScaleUpDoesNotWaiveTheAbandonedChangeGuard() {
    GuardChain chain =
        GuardChain.standard(
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                20,
                Duration.ofMinutes(5),
                0.8,
                3,
                Duration.ofHours(6),
                Set.of())
            .withUrgentScaleUp(new UrgentScaleUp(50))
            .with(new AbandonedChangeGuard(Duration.ofHours(24)));
    assertThat(chain.guards()).last().extracting(Guard::name).isEqualTo("abandoned-change");
    ClusterSnapshot overloaded =
        SyntheticCluster.snapshot(
            new SyntheticCluster.Load(50_000, 1024, 500), SyntheticCluster.settings(4, 4, 1), NOW);
    List<ActionRecord> history = List.of(abandonedAgo(scaleUp, Duration.ofMinutes(2), "up"));
    GuardReport up =
        chain.check(scaleUp, new GuardContext(NOW, Mode.AUTO, overloaded, BOUNDS, history));
    assertThat(up.vetoes()).extracting(GuardVerdict::guard).containsExactly("abandoned-change");
    assertThat(up.verdicts())
        .filteredOn(v -> v.guard().equals("cooldown"))
        .singleElement()
        .satisfies(v -> assertThat(v.reason()).startsWith("waived, urgent"));
  }

  private static ClusterSnapshot withUnderReplicated(Reading r) {
    List<NodeSnapshot<BookieMetric>> bookies =
        FRESH.bookies().stream()
            .map(
                b -> {
                  Map<BookieMetric, Reading> m = new EnumMap<>(b.readings());
                  m.put(BookieMetric.UNDER_REPLICATED_LEDGERS, r);
                  return NodeSnapshot.bookie(b.name(), m);
                })
            .toList();
    return new ClusterSnapshot(
        FRESH.clusterId(),
        FRESH.windowStart(),
        FRESH.windowEnd(),
        FRESH.brokers(),
        bookies,
        FRESH.messageSizes(),
        FRESH.settings(),
        FRESH.problems());
  }
}
