package io.tuneloop.federation.round;

import java.time.Duration;

/**
 * When a round closes: as soon as {@code targetSize} updates are in, or once {@code timeout} has
 * passed since its first accepted update and at least {@code minSize} are in. A round below {@code
 * minSize} waits however long it takes: a baseline from one or two clusters would be neither robust
 * nor private.
 */
public record RoundPolicy(int targetSize, int minSize, Duration timeout) {
  public RoundPolicy {
    if (targetSize < 1) {
      throw new IllegalArgumentException("round target size=" + targetSize + " must be >= 1");
    }
    if (minSize < 1 || minSize > targetSize) {
      throw new IllegalArgumentException(
          "round minimum size=" + minSize + " is outside [1, " + targetSize + "]");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("round timeout=" + timeout + " must be positive");
    }
  }
}
