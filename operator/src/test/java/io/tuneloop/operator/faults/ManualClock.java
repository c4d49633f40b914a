package io.tuneloop.operator.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, shared by the operator processes it starts (so a restarted process
 * sees the time move on, not start over) and by their telemetry (so readings stay fresh).
 */
final class ManualClock extends Clock {
  private volatile Instant now;

  ManualClock(Instant start) {
    now = start;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
