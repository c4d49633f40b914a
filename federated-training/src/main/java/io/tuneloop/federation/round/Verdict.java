package io.tuneloop.federation.round;

import io.tuneloop.federation.wire.RejectionReason;
import java.util.Optional;

/**
 * What a {@link Round} did with an offered update.
 *
 * @param outcome accepted, rejected (with a reason, counted) or a transport redelivery of a message
 *     the round already holds (neither counted nor acknowledged again)
 * @param reason why it was rejected; empty unless {@code outcome} is {@code REJECTED}
 * @param detail a human-readable explanation naming the offending values
 */
public record Verdict(Outcome outcome, Optional<RejectionReason> reason, String detail) {
  public enum Outcome {
    ACCEPTED,
    REJECTED,
    REDELIVERED
  }

  public Verdict {
    if ((outcome == Outcome.REJECTED) != reason.isPresent()) {
      throw new IllegalArgumentException(
          "a " + outcome + " verdict " + (reason.isPresent() ? "has" : "lacks") + " a reason");
    }
  }

  static Verdict accepted() {
    return new Verdict(Outcome.ACCEPTED, Optional.empty(), "accepted");
  }

  static Verdict redelivered() {
    return new Verdict(Outcome.REDELIVERED, Optional.empty(), "already held by this round");
  }

  public static Verdict rejected(RejectionReason reason, String detail) {
    return new Verdict(Outcome.REJECTED, Optional.of(reason), detail);
  }
}
