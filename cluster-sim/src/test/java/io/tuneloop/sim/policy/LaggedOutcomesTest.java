package io.tuneloop.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.sim.trace.WorkloadPoint;
import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.PulsarClusterTwin;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.sim.twin.TwinSettings;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.ObservedOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaggedOutcomesTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();

  /** A steady load one broker cannot carry (more than it can serve), on 1 broker and 3 bookies. */
  private static PulsarClusterTwin overloadedOnOneBroker() {
    WorkloadTrace t =
        new WorkloadTrace("flat", List.of(new WorkloadPoint(0, 50_000, 1024, 400, 800, 800)), 3600);
    PulsarClusterTwin twin =
        new PulsarClusterTwin(TwinParameters.calibrated(), t, 1, 3, TwinSettings.defaults(), 60, 7);
    twin.step();
    return twin;
  }

  private static ClusterSnapshot observe(PulsarClusterTwin twin) throws Exception {
    return twin.observe();
  }

  /** Adds 3 brokers after the first window; returns what each lag credits the decision with. */
  private static ObservedOutcome creditedToAScaleUp(int lag) throws Exception {
    PulsarClusterTwin twin = overloadedOnOneBroker();
    LaggedOutcomes outcomes = new LaggedOutcomes(lag);
    ClusterSnapshot s = observe(twin);
    assertThat(outcomes.observe(s)).isEmpty();
    Action up = new Action.ScaleBrokers(1, 4);
    twin.apply(up);
    outcomes.decided(SCHEMA.vectorize(s), up.describe(), up.applyTo(s.settings()), true);
    List<LaggedOutcomes.Attributed> credited = new ArrayList<>();
    for (int w = 0; w < lag; w++) {
      twin.step();
      ClusterSnapshot next = observe(twin);
      credited.addAll(outcomes.observe(next));
      if (w < lag - 1) {
        assertThat(credited).as("before window %d", lag).isEmpty();
        Action none = Action.noOp();
        outcomes.decided(SCHEMA.vectorize(next), none.describe(), next.settings(), false);
      } else {
        assertThat(credited).hasSize(1);
        assertThat(credited.get(0).action()).isEqualTo(up.describe());
        assertThat(credited.get(0).settings().brokers()).isEqualTo(4);
        assertThat(credited.get(0).outcome()).isEqualTo(ObservedOutcome.from(next).orElseThrow());
      }
    }
    return credited.get(0).outcome();
  }

  @Test
  void aScaleUpIsCreditedWithTheWindowItsBrokersServeInNotTheNextOne() throws Exception {
    ObservedOutcome nextWindow = creditedToAScaleUp(1);
    ObservedOutcome lagged = creditedToAScaleUp(3);
    // The next window still runs on one saturated broker; three windows on, four brokers serve.
    assertThat(nextWindow.peakCpuUtilisation()).isGreaterThan(0.9);
    assertThat(lagged.peakCpuUtilisation()).isLessThan(nextWindow.peakCpuUtilisation() * 0.6);
    assertThat(lagged.p99LatencyMs()).isLessThan(nextWindow.p99LatencyMs() / 10);
  }

  @Test
  void aDecisionFollowedByAnotherChangeBeforeItsOutcomeIsNotCredited() throws Exception {
    PulsarClusterTwin twin = overloadedOnOneBroker();
    LaggedOutcomes outcomes = new LaggedOutcomes(3);
    ClusterSnapshot s = observe(twin);
    outcomes.observe(s);
    outcomes.decided(SCHEMA.vectorize(s), "no change", s.settings(), false);
    twin.step();
    ClusterSnapshot s2 = observe(twin);
    assertThat(outcomes.observe(s2)).isEmpty();
    Action up = new Action.ScaleBrokers(1, 3);
    twin.apply(up);
    outcomes.decided(SCHEMA.vectorize(s2), up.describe(), up.applyTo(s2.settings()), true);
    assertThat(outcomes.waiting())
        .as("the no-op's outcome would include the scale-up")
        .isEqualTo(1);
    List<LaggedOutcomes.Attributed> credited = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      twin.step();
      ClusterSnapshot next = observe(twin);
      credited.addAll(outcomes.observe(next));
      outcomes.decided(SCHEMA.vectorize(next), "no change", next.settings(), false);
    }
    assertThat(credited)
        .extracting(LaggedOutcomes.Attributed::action)
        .containsExactly(up.describe());
  }

  @Test
  void aLagBelowOneWindowIsRefused() {
    assertThatThrownBy(() -> new LaggedOutcomes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcome lag 0 windows");
  }
}
