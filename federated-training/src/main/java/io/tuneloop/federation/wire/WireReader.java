package io.tuneloop.federation.wire;

import static io.tuneloop.federation.wire.RejectionReason.BAD_MAGIC;
import static io.tuneloop.federation.wire.RejectionReason.CORRUPT;
import static io.tuneloop.federation.wire.RejectionReason.INVALID_FIELD;
import static io.tuneloop.federation.wire.RejectionReason.LENGTH_MISMATCH;
import static io.tuneloop.federation.wire.RejectionReason.NON_FINITE;
import static io.tuneloop.federation.wire.RejectionReason.OVERSIZED;
import static io.tuneloop.federation.wire.RejectionReason.TRUNCATED;
import static io.tuneloop.federation.wire.RejectionReason.UNKNOWN_FORMAT_VERSION;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Strict reader of a frame written by {@link WireWriter}. Every check failure is a {@link
 * WireFormatException} with a reason; nothing here throws anything else for any input bytes.
 */
public final class WireReader {
  /** Magic (4) + format version (2) + flags (2). */
  public static final int HEADER_BYTES = 8;

  public static final int CHECKSUM_BYTES = 4;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]+");
  private static final Pattern TEXT = Pattern.compile("[\\x20-\\x7E]*");

  private final ByteBuffer body;
  private final int formatVersion;

  private WireReader(ByteBuffer body, int formatVersion) {
    this.body = body;
    this.formatVersion = formatVersion;
  }

  /**
   * Checks size, magic, format version and checksum, and positions the reader at the body.
   *
   * @param what names the message kind in error details ("model update", "baseline")
   */
  public static WireReader open(
      byte[] bytes, int magic, int supportedVersion, int maxBytes, String what)
      throws WireFormatException {
    if (bytes == null) {
      throw new WireFormatException(TRUNCATED, what + " has no payload");
    }
    if (bytes.length > maxBytes) {
      throw new WireFormatException(
          OVERSIZED, what + " of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
    }
    if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
      throw new WireFormatException(
          TRUNCATED,
          what
              + " of "
              + bytes.length
              + " bytes is shorter than the "
              + (HEADER_BYTES + CHECKSUM_BYTES)
              + "-byte frame");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int actualMagic = all.getInt(0);
    if (actualMagic != magic) {
      throw new WireFormatException(
          BAD_MAGIC,
          what
              + " starts with 0x"
              + Integer.toHexString(actualMagic)
              + ", expected 0x"
              + Integer.toHexString(magic));
    }
    int version = Short.toUnsignedInt(all.getShort(4));
    if (version != supportedVersion) {
      throw new WireFormatException(
          UNKNOWN_FORMAT_VERSION,
          what + " format version " + version + " is not supported, expected " + supportedVersion);
    }
    int flags = Short.toUnsignedInt(all.getShort(6));
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - CHECKSUM_BYTES);
    int expected = (int) crc.getValue();
    int actual = all.getInt(bytes.length - CHECKSUM_BYTES);
    if (expected != actual) {
      throw new WireFormatException(
          CORRUPT,
          what
              + " checksum 0x"
              + Integer.toHexString(actual)
              + " does not match content 0x"
              + Integer.toHexString(expected));
    }
    if (flags != 0) {
      throw new WireFormatException(
          INVALID_FIELD, what + " flags 0x" + Integer.toHexString(flags) + ", expected 0");
    }
    ByteBuffer body =
        ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - CHECKSUM_BYTES)
            .slice()
            .order(ByteOrder.BIG_ENDIAN);
    return new WireReader(body, version);
  }

  public int formatVersion() {
    return formatVersion;
  }

  public long i64(String field) throws WireFormatException {
    try {
      return body.getLong();
    } catch (BufferUnderflowException e) {
      throw truncated(field);
    }
  }

  public long i64InRange(String field, long min, long max) throws WireFormatException {
    long v = i64(field);
    if (v < min || v > max) {
      throw new WireFormatException(
          INVALID_FIELD, field + "=" + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  public double f64(String field) throws WireFormatException {
    try {
      return body.getDouble();
    } catch (BufferUnderflowException e) {
      throw truncated(field);
    }
  }

  /** A double that must be finite and within [min, max]; +infinity only when max is infinite. */
  public double f64InRange(String field, double min, double max) throws WireFormatException {
    double v = f64(field);
    boolean allowedInfinity = v == Double.POSITIVE_INFINITY && max == Double.POSITIVE_INFINITY;
    if (Double.isNaN(v) || (Double.isInfinite(v) && !allowedInfinity) || v < min || v > max) {
      throw new WireFormatException(
          Double.isNaN(v) || Double.isInfinite(v) ? NON_FINITE : INVALID_FIELD,
          field + "=" + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** An identifier: 1..maxLength characters of [A-Za-z0-9._:-]. */
  public String identifier(String field, int maxLength) throws WireFormatException {
    String s = rawString(field);
    if (s.isEmpty() || s.length() > maxLength || !IDENTIFIER.matcher(s).matches()) {
      throw new WireFormatException(
          INVALID_FIELD,
          field
              + "='"
              + printable(s)
              + "' is not 1.."
              + maxLength
              + " characters of [A-Za-z0-9._:-]");
    }
    return s;
  }

  /** Free text: 0..maxLength printable ASCII characters. */
  public String text(String field, int maxLength) throws WireFormatException {
    String s = rawString(field);
    if (s.length() > maxLength || !TEXT.matcher(s).matches()) {
      throw new WireFormatException(
          INVALID_FIELD,
          field + "='" + printable(s) + "' is not 0.." + maxLength + " printable ASCII characters");
    }
    return s;
  }

  /** A count that must lie in [0, max] and still fit in the bytes left at {@code bytesEach}. */
  public int count(String field, int max, int bytesEach) throws WireFormatException {
    long n;
    try {
      n = Integer.toUnsignedLong(body.getInt());
    } catch (BufferUnderflowException e) {
      throw truncated(field);
    }
    if (n > max) {
      throw new WireFormatException(
          INVALID_FIELD, field + " declares " + n + " entries, more than the limit of " + max);
    }
    if (n * bytesEach > body.remaining()) {
      throw new WireFormatException(
          LENGTH_MISMATCH,
          field
              + " declares "
              + n
              + " entries ("
              + n * bytesEach
              + " bytes) but only "
              + body.remaining()
              + " bytes remain");
    }
    return (int) n;
  }

  /** A length-prefixed float vector with every value finite. */
  public float[] finiteFloats(String field, int maxLength) throws WireFormatException {
    int n = count(field, maxLength, Float.BYTES);
    float[] v = new float[n];
    body.asFloatBuffer().get(v);
    body.position(body.position() + n * Float.BYTES);
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(v[i])) {
        throw new WireFormatException(NON_FINITE, field + "[" + i + "]=" + v[i]);
      }
    }
    return v;
  }

  /** A length-prefixed double vector, every value non-negative (+infinity allowed). */
  public double[] nonNegativeDoubles(String field, int maxLength) throws WireFormatException {
    int n = count(field, maxLength, Double.BYTES);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f64InRange(field + "[" + i + "]", 0, Double.POSITIVE_INFINITY);
    }
    return v;
  }

  /** Every body byte must have been consumed: trailing garbage means a different layout. */
  public void requireEnd(String what) throws WireFormatException {
    if (body.hasRemaining()) {
      throw new WireFormatException(
          LENGTH_MISMATCH, what + " has " + body.remaining() + " unexpected trailing bytes");
    }
  }

  private String rawString(String field) throws WireFormatException {
    try {
      int n = Byte.toUnsignedInt(body.get());
      if (n > body.remaining()) {
        throw truncated(field);
      }
      byte[] b = new byte[n];
      body.get(b);
      return new String(b, StandardCharsets.ISO_8859_1);
    } catch (BufferUnderflowException e) {
      throw truncated(field);
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }

  private static WireFormatException truncated(String field) {
    return new WireFormatException(TRUNCATED, "message ends inside " + field);
  }
}
