package io.tuneloop.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.fixture.load.MessageSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The demo's load pattern and its command-line parsing. */
class RollerCoasterTest {

  @Test
  void isIrregularButStaysWithinWhatTheMachineSustains() {
    List<LoadPhase> phases = new ArrayList<>();
    RollerCoaster pattern = new RollerCoaster(7);
    for (int i = 0; i < 300; i++) {
      phases.add(pattern.next());
    }
    assertThat(phases)
        .allMatch(p -> p.messagesPerSecond() >= 1 && p.messagesPerSecond() <= 3000)
        .allMatch(
            p -> p.messagesPerSecond() * p.sizes().meanBytes() <= LoadPhase.MAX_BYTES_PER_SECOND)
        .allMatch(p -> p.length().compareTo(Duration.ofSeconds(30)) < 0);
    assertThat(phases).extracting(LoadPhase::label).contains("spike", "drop", "climb", "descent");
    assertThat(phases.stream().mapToDouble(LoadPhase::messagesPerSecond).max().orElseThrow())
        .isGreaterThan(
            10 * phases.stream().mapToDouble(LoadPhase::messagesPerSecond).min().orElseThrow());
    assertThat(phases.stream().mapToInt(p -> p.sizes().maxBytes()).min().orElseThrow())
        .isLessThan(300);
    assertThat(phases.stream().mapToInt(p -> p.sizes().maxBytes()).max().orElseThrow())
        .isEqualTo(1024 * 1024);
    // Seeded: the same seed gives the same ride.
    RollerCoaster again = new RollerCoaster(7);
    assertThat(again.next()).isEqualTo(phases.get(0));
  }

  @Test
  void aPhaseAboveTheByteBudgetIsRefused() {
    assertThatThrownBy(
            () ->
                new LoadPhase(
                    "spike", 100, MessageSizes.fixed(1024 * 1024), "1 MiB", Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spike: 100.0 msg/s of 1 MiB is above");
  }

  @Test
  void durationsReadAsUsersWriteThem() {
    DemoCommand.DurationConverter c = new DemoCommand.DurationConverter();
    assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
    for (String bad : List.of("", "10", "m", "ten minutes", "5d")) {
      assertThatThrownBy(() -> c.convert(bad))
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("'" + bad + "' is not a duration");
    }
  }
}
