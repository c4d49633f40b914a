package io.tuneloop.tuning.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.model.Estimate;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.planner.Objectives;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private final Verifier verifier = new Verifier(Objectives.of(50, 0.7), 0.1, 0.05);
  private final Action journal = Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 8);
  private final Prediction predicted =
      new Prediction(new Estimate(20, 4), new Estimate(0.5, 0.05), new Estimate(0.5, 0.05));
  private final ObservedOutcome before = new ObservedOutcome(30, 0.55, 0.45);

  @Test
  void verifiesAnImprovementWithinThePredictedBand() {
    Verification v =
        verifier.verify(journal, predicted, before, new ObservedOutcome(22, 0.52, 0.48));
    assertThat(v).isInstanceOf(Verification.Verified.class);
    assertThat(((Verification.Verified) v).withinPrediction()).isTrue();
    assertThat(v.reason()).contains("verified").contains("within the predicted band");
  }

  @Test
  void verifiesButNotesAMissedPredictionThatIsNoRegression() {
    Verification v = verifier.verify(journal, predicted, before, new ObservedOutcome(31, 0.5, 0.5));
    assertThat(v).isInstanceOf(Verification.Verified.class);
    assertThat(((Verification.Verified) v).withinPrediction()).isFalse();
    assertThat(v.reason()).contains("outside the predicted band: p99 31.00 not in [16.00, 24.00]");
  }

  @Test
  void rollsBackARegressionPastTheSloWithTheUndoAction() {
    Verification v = verifier.verify(journal, predicted, before, new ObservedOutcome(80, 0.6, 0.4));
    assertThat(v).isInstanceOf(Verification.RolledBack.class);
    Verification.RolledBack r = (Verification.RolledBack) v;
    assertThat(r.undo()).contains(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 8, 1));
    assertThat(r.reason())
        .contains("p99 rose from 30.0 to 80.0 ms, over the 50.0 ms SLO")
        .contains("undo: journalMaxGroupWaitMSec 8 -> 1");
  }

  @Test
  void rollsBackACpuRegressionOfAScaleDown() {
    Action down = new Action.ScaleBrokers(6, 4);
    Verification v = verifier.verify(down, predicted, before, new ObservedOutcome(35, 0.85, 0.15));
    assertThat(v).isInstanceOf(Verification.RolledBack.class);
    assertThat(((Verification.RolledBack) v).undo()).contains(new Action.ScaleBrokers(4, 6));
    assertThat(v.reason()).contains("peak CPU rose from 0.55 to 0.85, over the 0.70 target");
  }

  @Test
  void aWorseButStillGoodResultIsNotRolledBack() {
    // p99 doubled but stays within the SLO: not a regression that matters.
    Verification v = verifier.verify(journal, predicted, before, new ObservedOutcome(45, 0.6, 0.4));
    assertThat(v).isInstanceOf(Verification.Verified.class);
  }

  @Test
  void aNoOpIsNeverRolledBack() {
    Verification v =
        verifier.verify(Action.noOp(), predicted, before, new ObservedOutcome(90, 0.9, 0.1));
    assertThat(v).isInstanceOf(Verification.Verified.class);
    assertThat(v.reason()).startsWith("no change was made; the cluster got worse on its own");
  }

  @Test
  void anUndoThatCannotBeExpressedIsReported() {
    // The cluster ran 90 before (outside the catalog's [0, 50]): Tuneloop cannot set it back.
    Action fromOutside = Action.ChangeSetting.of("journalMaxGroupWaitMSec", 90, 5);
    Verification v =
        verifier.verify(fromOutside, predicted, before, new ObservedOutcome(90, 0.6, 0.4));
    assertThat(((Verification.RolledBack) v).undo()).isEmpty();
    assertThat(v.reason()).contains("cannot be restored automatically");
  }
}
