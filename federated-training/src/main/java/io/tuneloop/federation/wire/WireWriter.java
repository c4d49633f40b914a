package io.tuneloop.federation.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes one framed message: magic, format version, flags, the body, then a CRC-32C of everything
 * before it. Big-endian throughout. {@link WireReader} is its strict counterpart.
 */
public final class WireWriter {
  private final ByteArrayOutputStream bytes;
  private final DataOutputStream out;

  private WireWriter(int expectedSize) {
    this.bytes = new ByteArrayOutputStream(expectedSize);
    this.out = new DataOutputStream(bytes);
  }

  /** Starts a frame; {@code expectedSize} only presizes the buffer. */
  public static WireWriter frame(int magic, int formatVersion, int expectedSize) {
    WireWriter w = new WireWriter(expectedSize);
    w.i32(magic);
    w.u16(formatVersion);
    w.u16(0);
    return w;
  }

  public WireWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("u16 value " + v + " is outside [0, 65535]");
    }
    return run(() -> out.writeShort(v));
  }

  public WireWriter i32(int v) {
    return run(() -> out.writeInt(v));
  }

  public WireWriter i64(long v) {
    return run(() -> out.writeLong(v));
  }

  public WireWriter f64(double v) {
    return run(() -> out.writeDouble(v));
  }

  /** A length-prefixed (one byte) ASCII string; the reader enforces the character set. */
  public WireWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length > 255) {
      throw new IllegalArgumentException("string of " + b.length + " bytes exceeds 255");
    }
    return run(
        () -> {
          out.writeByte(b.length);
          out.write(b);
        });
  }

  /** A vector: its length as an unsigned 32-bit count, then IEEE-754 single-precision values. */
  public WireWriter floats(float[] v) {
    return run(
        () -> {
          out.writeInt(v.length);
          for (float x : v) {
            out.writeFloat(x);
          }
        });
  }

  /** Doubles, length-prefixed like {@link #floats(float[])}. */
  public WireWriter doubles(double[] v) {
    return run(
        () -> {
          out.writeInt(v.length);
          for (double x : v) {
            out.writeDouble(x);
          }
        });
  }

  /** Appends the checksum and returns the frame. */
  public byte[] finish() {
    run(out::flush);
    CRC32C crc = new CRC32C();
    byte[] body = bytes.toByteArray();
    crc.update(body);
    i32((int) crc.getValue());
    run(out::flush);
    return bytes.toByteArray();
  }

  private WireWriter run(IoStep step) {
    try {
      step.run();
    } catch (IOException e) {
      // A ByteArrayOutputStream never throws; this would be a JDK bug.
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @FunctionalInterface
  private interface IoStep {
    void run() throws IOException;
  }
}
