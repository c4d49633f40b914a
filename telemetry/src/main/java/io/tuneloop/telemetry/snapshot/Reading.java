package io.tuneloop.telemetry.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value with where it came from and when, or the reason it is missing.
 *
 * <p>Decisions must never treat a missing value as zero, so absence is a first-class state here
 * rather than a sentinel number. A present reading always has a finite value.
 */
public record Reading(double value, Instant observedAt, String source, String absentReason) {

  private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  public Reading {
    if (absentReason == null) {
      Objects.requireNonNull(observedAt, "observedAt of a present reading");
      Objects.requireNonNull(source, "source of a present reading");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "reading from " + source + " has non-finite value " + value + "; expected a number");
      }
    } else if (absentReason.isBlank()) {
      throw new IllegalArgumentException("an absent reading needs a reason");
    }
  }

  public static Reading of(double value, Instant observedAt, String source) {
    return new Reading(value, observedAt, source, null);
  }

  public static Reading absent(String reason) {
    return new Reading(Double.NaN, null, null, reason);
  }

  public boolean isPresent() {
    return absentReason == null;
  }

  /** The value, or an exception naming why there is none: callers must check presence first. */
  @Override
  public double value() {
    if (!isPresent()) {
      throw new IllegalStateException("reading is absent: " + absentReason);
    }
    return value;
  }

  /** The value when present, otherwise {@code fallback}; for display and aggregation only. */
  public double valueOr(double fallback) {
    return isPresent() ? value : fallback;
  }

  /** How old the reading is at {@code now}; absent readings are infinitely old. */
  public Duration ageAt(Instant now) {
    return isPresent() ? Duration.between(observedAt, now) : FOREVER;
  }
}
