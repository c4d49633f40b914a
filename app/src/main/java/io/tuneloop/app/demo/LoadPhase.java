package io.tuneloop.app.demo;

import io.tuneloop.fixture.load.MessageSizes;
import java.time.Duration;
import java.util.Objects;

/**
 * One stretch of the demo's load: a steady rate of messages of one size mix.
 *
 * @param label what the stretch is, in words (e.g. {@code spike}, {@code drop})
 * @param sizeLabel the size mix, in words (e.g. {@code 100 B-10 KiB})
 */
public record LoadPhase(
    String label, double messagesPerSecond, MessageSizes sizes, String sizeLabel, Duration length) {

  /** Bytes per second the demo never exceeds, so a 2-core machine keeps up with its broker. */
  public static final double MAX_BYTES_PER_SECOND = 6 * 1024 * 1024;

  public LoadPhase {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(sizeLabel, "sizeLabel");
    if (!(messagesPerSecond > 0)) {
      throw new IllegalArgumentException("messagesPerSecond=" + messagesPerSecond + " must be > 0");
    }
    if (messagesPerSecond * sizes.meanBytes() > MAX_BYTES_PER_SECOND * 1.0001) {
      throw new IllegalArgumentException(
          label
              + ": "
              + messagesPerSecond
              + " msg/s of "
              + sizeLabel
              + " is above "
              + MAX_BYTES_PER_SECOND
              + " bytes/s");
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("length=" + length + " must be positive");
    }
  }
}
