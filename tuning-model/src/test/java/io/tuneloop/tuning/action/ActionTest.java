package io.tuneloop.tuning.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.knobs.ApplyMethod;
import io.tuneloop.tuning.knobs.DeniedKnobException;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionTest {
  private final ClusterSettings current =
      new ClusterSettings(3, 4, Map.of("journalMaxGroupWaitMSec", "1"));

  @Test
  void scaleActionsCarryFromAndTargetAndApplyToSettings() {
    Action.ScaleBrokers up = Action.ScaleBrokers.by(3, 2);
    assertThat(up.to()).isEqualTo(5);
    assertThat(up.delta()).isEqualTo(2);
    assertThat(up.applyTo(current).brokers()).isEqualTo(5);
    assertThat(up.isDisruptive()).isTrue();
    assertThat(up.disruptionUnits(current)).isEqualTo(0.5);
    Action.ScaleBookies down = new Action.ScaleBookies(4, 3);
    assertThat(down.describe()).contains("safe decommission");
    assertThat(down.applyTo(current).bookies()).isEqualTo(3);
  }

  @Test
  void invalidActionsCannotBeConstructed() {
    assertThatThrownBy(() -> new Action.ScaleBrokers(3, 0))
        .hasMessage("brokers=0 is outside [1, 200]");
    assertThatThrownBy(() -> new Action.ScaleBookies(4, 4)).hasMessageContaining("already 4");
    assertThatThrownBy(() -> Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 51))
        .hasMessage("journalMaxGroupWaitMSec=51 is outside [0, 50]");
    assertThatThrownBy(() -> Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 2.5))
        .hasMessageContaining("not a valid INTEGER");
    assertThatThrownBy(() -> Action.ChangeSetting.of("journalSyncData", 1, 0))
        .isInstanceOf(DeniedKnobException.class);
    assertThatThrownBy(() -> new Action.ChangeSetting(KnobCatalog.BROKERS, 3, 4))
        .hasMessageContaining("use ScaleBrokers");
  }

  @Test
  void settingChangeKnowsItsApplyMethodAndPodsTouched() {
    Action.ChangeSetting journal = Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 4);
    assertThat(journal.applyMethod()).isEqualTo(ApplyMethod.ROLLING_RESTART_BOOKIES);
    assertThat(journal.isDisruptive()).isTrue();
    assertThat(journal.disruptionUnits(current)).isEqualTo(0.5 * 4);
    assertThat(journal.applyTo(current).value("journalMaxGroupWaitMSec")).contains("4");
    assertThat(journal.describe())
        .isEqualTo("journalMaxGroupWaitMSec 1 -> 4 (rolling restart of bookies)");
    Action.ChangeSetting dynamic = Action.ChangeSetting.of("dispatcherMaxReadBatchSize", 100, 200);
    assertThat(dynamic.isDisruptive()).isFalse();
    assertThat(Action.noOp().applyTo(current)).isSameAs(current);
  }
}
