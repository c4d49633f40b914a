package io.tuneloop.federation.wire;

/**
 * Why a federated message was refused. Every refusal is counted under one of these, so an operator
 * can tell a broken client (malformed) from a slow one (late) from an old release (schema).
 */
public enum RejectionReason {
  /** Larger than the configured maximum message size. */
  OVERSIZED(true),
  /** Ended before a declared field or vector was complete. */
  TRUNCATED(true),
  /** Does not start with the expected magic bytes: not a Tuneloop message of this kind. */
  BAD_MAGIC(true),
  /** A format version this release cannot read. */
  UNKNOWN_FORMAT_VERSION(true),
  /** The trailing checksum does not match the content. */
  CORRUPT(true),
  /** A header field is outside its allowed range or character set. */
  INVALID_FIELD(true),
  /** The declared vector length disagrees with the bytes present, or trailing bytes follow. */
  LENGTH_MISMATCH(true),
  /** A parameter is NaN or infinite. */
  NON_FINITE(true),
  /** Built for another feature schema version or fingerprint. */
  SCHEMA_MISMATCH(false),
  /** Trained from another baseline version than the one the current round extends. */
  BASELINE_MISMATCH(false),
  /** Vector length differs from the baseline's parameter count. */
  DIMENSION_MISMATCH(false),
  /** For a round that has already been aggregated and published. */
  LATE(false),
  /** For a round after the current one: the sender saw a baseline this aggregator did not. */
  FUTURE_ROUND(false),
  /** A second update from the same cluster for the same round; the first one counts. */
  DUPLICATE(false);

  private final boolean malformed;

  RejectionReason(boolean malformed) {
    this.malformed = malformed;
  }

  /** True when the bytes themselves are bad, as opposed to a well-formed but unusable message. */
  public boolean malformed() {
    return malformed;
  }
}
