package io.tuneloop.federation.baseline;

import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.update.ModelUpdate;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import io.tuneloop.federation.wire.WireReader;
import io.tuneloop.federation.wire.WireWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned binary form of a {@link Baseline}. Format version 1, big-endian:
 *
 * <pre>
 *   magic "TLBL" (4) | format version = 1 (u16) | flags = 0 (u16)
 *   version (i64) | round (i64) | parentVersion (i64) | createdAt epoch ms (i64)
 *   schemaVersion, schemaFingerprint (u8 length + ASCII) | method (u8 length + printable ASCII)
 *   clipBound, noiseMultiplier, noiseStddev, aggregateNorm, samplingRate, targetDelta, epsilon (f64)
 *   privacy: orders (u32 n + n × f64) | rdp (u32 n + n × f64) | rounds (i64)
 *   participants (u32 n) × [clusterId (u8 + ASCII) | sampleCount (i64) | norm (f64)]
 *     (sampleCount 0 and norm -1: withheld in a differentially private round)
 *   rejected (u32 n) × [reason name (u8 + ASCII) | count (i64)]
 *   parameter count (u32) | float32 × count
 *   CRC-32C of all preceding bytes (u32)
 * </pre>
 */
public final class BaselineCodec {
  public static final int MAGIC = 0x544C424C; // "TLBL"
  public static final int FORMAT_VERSION = 1;

  private static final int MAX_ORDERS = 1024;
  private static final int MAX_PARTICIPANTS = 100_000;
  private static final int MAX_REASONS = RejectionReason.values().length;

  private final int maxParameters;
  private final int maxBytes;

  public BaselineCodec() {
    this(ModelUpdate.MAX_PARAMETERS);
  }

  public BaselineCodec(int maxParameters) {
    if (maxParameters < 1 || maxParameters > ModelUpdate.MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "maxParameters=" + maxParameters + " is outside [1, " + ModelUpdate.MAX_PARAMETERS + "]");
    }
    this.maxParameters = maxParameters;
    // Header, fixed fields, the privacy ledger and a generous participant list.
    this.maxBytes = 64 * 1024 + MAX_ORDERS * 16 + MAX_PARTICIPANTS * 96 + maxParameters * 4;
  }

  public byte[] encode(Baseline b) {
    Lineage l = b.lineage();
    float[] params = b.parameters();
    WireWriter w =
        WireWriter.frame(MAGIC, FORMAT_VERSION, 1024 + params.length * 4)
            .i64(b.version())
            .i64(b.round())
            .i64(l.parentVersion())
            .i64(l.createdAt().toEpochMilli())
            .string(b.schemaVersion())
            .string(b.schemaFingerprint())
            .string(l.method())
            .f64(l.clipBound())
            .f64(l.noiseMultiplier())
            .f64(l.noiseStddev())
            .f64(l.aggregateNorm())
            .f64(l.samplingRate())
            .f64(l.targetDelta())
            .f64(l.epsilon())
            .doubles(l.privacy().orders())
            .doubles(l.privacy().rdp())
            .i64(l.privacy().rounds())
            .i32(l.participants().size());
    for (Participant p : l.participants()) {
      w.string(p.clusterId()).i64(p.sampleCount()).f64(p.norm());
    }
    w.i32(l.rejected().size());
    Map<RejectionReason, Long> ordered = new EnumMap<>(RejectionReason.class);
    ordered.putAll(l.rejected());
    for (Map.Entry<RejectionReason, Long> e : ordered.entrySet()) {
      w.string(e.getKey().name()).i64(e.getValue());
    }
    return w.floats(params).finish();
  }

  /** Decodes and validates; never throws anything but {@link WireFormatException}. */
  public Baseline decode(byte[] bytes) throws WireFormatException {
    WireReader r = WireReader.open(bytes, MAGIC, FORMAT_VERSION, maxBytes, "baseline");
    long version = r.i64InRange("version", 0, Long.MAX_VALUE);
    long round = r.i64InRange("round", 0, Long.MAX_VALUE);
    long parent = r.i64InRange("parentVersion", -1, version - 1);
    long createdAt = r.i64InRange("createdAt", 0, Long.MAX_VALUE);
    String schemaVersion = r.identifier("schemaVersion", ModelUpdate.MAX_ID_LENGTH);
    String fingerprint = r.identifier("schemaFingerprint", ModelUpdate.MAX_ID_LENGTH);
    String method = r.text("method", 64);
    double clip = r.f64InRange("clipBound", Double.MIN_VALUE, Double.POSITIVE_INFINITY);
    double noiseMultiplier = r.f64InRange("noiseMultiplier", 0, Double.MAX_VALUE);
    double noiseStddev = r.f64InRange("noiseStddev", 0, Double.MAX_VALUE);
    double aggregateNorm = r.f64InRange("aggregateNorm", 0, Double.MAX_VALUE);
    double samplingRate = r.f64InRange("samplingRate", 0, 1);
    double targetDelta = r.f64InRange("targetDelta", Double.MIN_VALUE, Math.nextDown(1.0));
    double epsilon = r.f64InRange("epsilon", 0, Double.POSITIVE_INFINITY);
    double[] orders = r.nonNegativeDoubles("privacy.orders", MAX_ORDERS);
    double[] rdp = r.nonNegativeDoubles("privacy.rdp", MAX_ORDERS);
    long rounds = r.i64InRange("privacy.rounds", 0, Long.MAX_VALUE);
    int participantCount = r.count("participants", MAX_PARTICIPANTS, 1 + 1 + 8 + 8);
    List<Participant> participants = new ArrayList<>(participantCount);
    for (int i = 0; i < participantCount; i++) {
      String id = r.identifier("participants[" + i + "].clusterId", ModelUpdate.MAX_ID_LENGTH);
      long samples = r.i64InRange("participants[" + i + "].sampleCount", 0, Long.MAX_VALUE);
      double norm = r.f64InRange("participants[" + i + "].norm", -1, Double.MAX_VALUE);
      try {
        participants.add(new Participant(id, samples, norm));
      } catch (IllegalArgumentException e) {
        throw new WireFormatException(
            RejectionReason.INVALID_FIELD, "participants[" + i + "]: " + e.getMessage());
      }
    }
    int reasonCount = r.count("rejected", MAX_REASONS, 1 + 1 + 8);
    Map<RejectionReason, Long> rejected = new EnumMap<>(RejectionReason.class);
    for (int i = 0; i < reasonCount; i++) {
      String name = r.identifier("rejected[" + i + "].reason", 64);
      RejectionReason reason;
      try {
        reason = RejectionReason.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new WireFormatException(
            RejectionReason.INVALID_FIELD, "rejected[" + i + "].reason '" + name + "' is unknown");
      }
      rejected.put(reason, r.i64InRange("rejected[" + i + "].count", 0, Long.MAX_VALUE));
    }
    float[] params = r.finiteFloats("parameters", maxParameters);
    if (params.length == 0) {
      throw new WireFormatException(RejectionReason.LENGTH_MISMATCH, "baseline has no parameters");
    }
    r.requireEnd("baseline");
    try {
      PrivacyLedger ledger = new PrivacyLedger(orders, rdp, rounds);
      Lineage lineage =
          new Lineage(
              parent,
              Instant.ofEpochMilli(createdAt),
              method,
              participants,
              clip,
              noiseMultiplier,
              noiseStddev,
              aggregateNorm,
              samplingRate,
              targetDelta,
              epsilon,
              ledger,
              rejected);
      return new Baseline(version, round, schemaVersion, fingerprint, params, lineage);
    } catch (IllegalArgumentException e) {
      // Cross-field checks (order list shape, blank method...) that the reader cannot make alone.
      throw new WireFormatException(RejectionReason.INVALID_FIELD, e.getMessage());
    }
  }
}
