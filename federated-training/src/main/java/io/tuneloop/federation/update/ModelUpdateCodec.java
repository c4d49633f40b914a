package io.tuneloop.federation.update;

import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import io.tuneloop.federation.wire.WireReader;
import io.tuneloop.federation.wire.WireWriter;

/**
 * The versioned binary form of a {@link ModelUpdate}, carried as a Pulsar {@code Schema.BYTES}
 * payload. Format version 1, big-endian:
 *
 * <pre>
 *   magic "TLUP" (4) | format version = 1 (u16) | flags = 0 (u16)
 *   roundId (i64) | baselineVersion (i64) | sampleCount (i64)
 *   schemaVersion, schemaFingerprint, clusterId (each: u8 length + ASCII [A-Za-z0-9._:-])
 *   parameter count n (u32) | n × float32
 *   CRC-32C of all preceding bytes (u32)
 * </pre>
 *
 * A reader refuses any other format version instead of guessing: a new field means a new version,
 * and the aggregator is upgraded before the operators start sending it.
 */
public final class ModelUpdateCodec {
  public static final int MAGIC = 0x544C5550; // "TLUP"
  public static final int FORMAT_VERSION = 1;

  /** Header, three longs, three strings of at most 255 bytes, the count and the checksum. */
  private static final int FIXED_BYTES = WireReader.HEADER_BYTES + 24 + 3 * 256 + 4 + 4;

  private final int maxParameters;
  private final int maxBytes;

  public ModelUpdateCodec() {
    this(ModelUpdate.MAX_PARAMETERS);
  }

  /**
   * @param maxParameters the largest vector accepted; larger payloads are refused before parsing
   */
  public ModelUpdateCodec(int maxParameters) {
    if (maxParameters < 1 || maxParameters > ModelUpdate.MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "maxParameters=" + maxParameters + " is outside [1, " + ModelUpdate.MAX_PARAMETERS + "]");
    }
    this.maxParameters = maxParameters;
    this.maxBytes = FIXED_BYTES + maxParameters * Float.BYTES;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public byte[] encode(ModelUpdate u) {
    float[] delta = u.delta();
    if (delta.length > maxParameters) {
      throw new IllegalArgumentException(
          "update has " + delta.length + " parameters, more than the limit of " + maxParameters);
    }
    return WireWriter.frame(MAGIC, FORMAT_VERSION, FIXED_BYTES + delta.length * Float.BYTES)
        .i64(u.roundId())
        .i64(u.baselineVersion())
        .i64(u.sampleCount())
        .string(u.schemaVersion())
        .string(u.schemaFingerprint())
        .string(u.clusterId())
        .floats(delta)
        .finish();
  }

  /**
   * Decodes and validates; never throws anything but {@link WireFormatException}, whatever the
   * bytes.
   */
  public ModelUpdate decode(byte[] bytes) throws WireFormatException {
    WireReader r = WireReader.open(bytes, MAGIC, FORMAT_VERSION, maxBytes, "model update");
    long round = r.i64InRange("roundId", 1, Long.MAX_VALUE);
    long baseline = r.i64InRange("baselineVersion", 0, Long.MAX_VALUE);
    long samples = r.i64InRange("sampleCount", 1, Long.MAX_VALUE);
    String schemaVersion = r.identifier("schemaVersion", ModelUpdate.MAX_ID_LENGTH);
    String fingerprint = r.identifier("schemaFingerprint", ModelUpdate.MAX_ID_LENGTH);
    String cluster = r.identifier("clusterId", ModelUpdate.MAX_ID_LENGTH);
    float[] delta = r.finiteFloats("delta", maxParameters);
    if (delta.length == 0) {
      throw new WireFormatException(RejectionReason.LENGTH_MISMATCH, "delta has no parameters");
    }
    r.requireEnd("model update");
    return new ModelUpdate(round, baseline, samples, schemaVersion, fingerprint, cluster, delta);
  }
}
