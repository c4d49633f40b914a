package io.tuneloop.federation.wire;

/** A federated message could not be decoded; {@link #reason()} says which check failed. */
public final class WireFormatException extends Exception {
  private final RejectionReason reason;

  public WireFormatException(RejectionReason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
