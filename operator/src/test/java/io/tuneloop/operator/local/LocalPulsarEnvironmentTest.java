package io.tuneloop.operator.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.env.ApplyOutcome;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.KnobRange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a local environment can do: dynamic settings always, restart-required settings only with a
 * {@link RestartActuator}, replicas never; and bounds narrowed so the planner proposes nothing
 * else. (Dynamic settings against a real broker: {@link LocalModeOnRealBrokerTest}.)
 */
class LocalPulsarEnvironmentTest {
  private final PulsarAdmin unreachable = unreachableAdmin();
  private final FakeRestarts restarts = new FakeRestarts();

  @AfterEach
  void close() {
    unreachable.close();
  }

  private LocalPulsarEnvironment env(Optional<RestartActuator> r) {
    return new LocalPulsarEnvironment(
        new ScriptedTelemetry(Clock.systemUTC()),
        new PulsarAdminActuator(unreachable),
        r,
        Duration.ofSeconds(20),
        Clock.systemUTC());
  }

  private static Bounds requested() {
    return new Bounds(
        1,
        5,
        1,
        6,
        2,
        Map.of(
            "journalMaxGroupWaitMSec", new KnobRange(0, 20),
            "dispatcherMaxReadBatchSize", new KnobRange(50, 500)));
  }

  @Test
  void boundsAreNarrowedToWhatCanBeDoneLocally() {
    ClusterSettings here = new ClusterSettings(1, 1, Map.of());
    Bounds plain = env(Optional.empty()).applicable(requested(), here);
    assertThat(plain.minBrokers()).isEqualTo(1);
    assertThat(plain.maxBrokers()).isEqualTo(1);
    assertThat(plain.maxBookies()).isEqualTo(1);
    assertThat(plain.allowedKnobs()).containsOnlyKeys("dispatcherMaxReadBatchSize");
    assertThat(CandidateGenerator.standard().candidates(here, plain))
        .allMatch(a -> a instanceof Action.NoOp || a instanceof Action.ChangeSetting)
        .anyMatch(a -> a instanceof Action.ChangeSetting);
    assertThat(env(Optional.empty()).limits(requested(), here))
        .containsExactly(
            "replicas stay at 1 broker(s) and 1 bookie(s): scaling needs Kubernetes StatefulSets",
            "[journalMaxGroupWaitMSec] need a restart, and this local cluster cannot be restarted"
                + " from here; they are left alone");

    Bounds restartable = env(Optional.of(restarts)).applicable(requested(), here);
    assertThat(restartable.allowedKnobs())
        .containsOnlyKeys("journalMaxGroupWaitMSec", "dispatcherMaxReadBatchSize");
    assertThat(env(Optional.of(restarts)).limits(requested(), here)).hasSize(1);
  }

  @Test
  void aJournalSettingIsAppliedByRestartingOnceAndIsIdempotent() {
    LocalPulsarEnvironment env = env(Optional.of(restarts));
    Action change = Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 5);

    ApplyOutcome first = env.apply(change);
    assertThat(first.status()).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(first.detail()).isEqualTo("restarted with journalMaxGroupWaitMSec=5");
    assertThat(first.settleAfter()).isEqualTo(Duration.ofSeconds(20));
    ApplyOutcome again = env.apply(change);
    assertThat(again.status()).isEqualTo(ApplyOutcome.Status.APPLIED);
    assertThat(again.detail()).isEqualTo("journalMaxGroupWaitMSec is already 5");
    assertThat(restarts.restarts).containsExactly("journalMaxGroupWaitMSec=5");
  }

  @Test
  void aFailedRestartIsReportedAsFailed() {
    restarts.failWith = "the bookie did not start";
    ApplyOutcome out =
        env(Optional.of(restarts)).apply(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 7));
    assertThat(out.status()).isEqualTo(ApplyOutcome.Status.FAILED);
    assertThat(out.detail())
        .isEqualTo("restart with journalMaxGroupWaitMSec=7 failed: the bookie did not start");
  }

  @Test
  void withoutARestartActuatorRestartSettingsAndReplicasAreRefusedUntouched() {
    LocalPulsarEnvironment env = env(Optional.empty());
    ApplyOutcome journal = env.apply(Action.ChangeSetting.of("journalMaxGroupWaitMSec", 1, 5));
    assertThat(journal.status()).isEqualTo(ApplyOutcome.Status.REFUSED);
    assertThat(journal.detail()).contains("needs Kubernetes");
    ApplyOutcome scale = env(Optional.of(restarts)).apply(new Action.ScaleBrokers(1, 2));
    assertThat(scale.status()).isEqualTo(ApplyOutcome.Status.REFUSED);
    assertThat(scale.detail()).contains("cannot change replicas");
    assertThat(restarts.restarts).isEmpty();
  }

  @Test
  void snapshotsCarryTheConfValuesTheClusterRunsWith() throws Exception {
    restarts.settings.put("journalMaxGroupWaitMSec", "4");
    restarts.settings.put("brokerShutdownTimeoutMs", "0");
    ClusterSnapshot s = env(Optional.of(restarts)).observe();
    assertThat(s.settings().values())
        .containsEntry("journalMaxGroupWaitMSec", "4")
        .doesNotContainKey("brokerShutdownTimeoutMs");
    // The admin API is unreachable here: said, not hidden.
    assertThat(s.problems()).anyMatch(p -> p.startsWith("could not read dynamic configuration"));
  }

  private static PulsarAdmin unreachableAdmin() {
    try {
      return PulsarAdmin.builder()
          .serviceHttpUrl("http://127.0.0.1:1")
          .connectionTimeout(1, TimeUnit.SECONDS)
          .readTimeout(1, TimeUnit.SECONDS)
          .requestTimeout(2, TimeUnit.SECONDS)
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A cluster that restarts instantly, or fails to. */
  private static final class FakeRestarts implements RestartActuator {
    final Map<String, String> settings =
        new LinkedHashMap<>(Map.of("journalMaxGroupWaitMSec", "1"));
    final List<String> restarts = new ArrayList<>();
    String failWith;

    @Override
    public Map<String, String> settings() {
      return Map.copyOf(settings);
    }

    @Override
    public String restartWith(String key, String value) {
      if (failWith != null) {
        throw new IllegalStateException(failWith);
      }
      restarts.add(key + "=" + value);
      settings.put(key, value);
      return "restarted with " + key + "=" + value;
    }
  }
}
