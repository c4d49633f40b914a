package io.tuneloop.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.fixture.PulsarBrokerExtension;
import io.tuneloop.fixture.PulsarBrokerSettings;
import io.tuneloop.fixture.StandaloneBroker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's journal-setting actuator restarts the real broker, and its bookie reads the value. */
@ExtendWith(PulsarBrokerExtension.class)
@PulsarBrokerSettings({"journalMaxGroupWaitMSec=1"})
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalBrokerRestartsTest {

  @Test
  void restartsTheBrokerWithTheNewJournalSetting(StandaloneBroker broker) throws Exception {
    LocalBrokerRestarts restarts = new LocalBrokerRestarts(broker, () -> false);
    assertThat(restarts.settings()).containsEntry("journalMaxGroupWaitMSec", "1");

    String detail = restarts.restartWith("journalMaxGroupWaitMSec", "3");

    assertThat(detail)
        .startsWith("restarted the local broker and bookie with journalMaxGroupWaitMSec=3");
    assertThat(restarts.settings()).containsEntry("journalMaxGroupWaitMSec", "3");
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.bookieServerConfigJson())
        .containsPattern("\"journalMaxGroupWaitMSec\"\\s*:\\s*\"3\"");
  }

  @Test
  void noRestartOnceTheDemoIsStopping(StandaloneBroker broker) {
    long pid = broker.pid();
    LocalBrokerRestarts restarts = new LocalBrokerRestarts(broker, () -> true);
    assertThatThrownBy(() -> restarts.restartWith("journalMaxGroupWaitMSec", "5"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the demo is stopping; journalMaxGroupWaitMSec stays unchanged");
    assertThat(broker.pid()).isEqualTo(pid);
  }
}
