package io.tuneloop.federation.wire;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Test helper: edits encoded frames and re-seals them, to reach checks behind the checksum. */
public final class Frames {
  private Frames() {}

  /** Recomputes the trailing CRC-32C so that a deliberately edited frame passes that check. */
  public static byte[] reseal(byte[] frame) {
    byte[] out = frame.clone();
    CRC32C crc = new CRC32C();
    crc.update(out, 0, out.length - 4);
    ByteBuffer.wrap(out).putInt(out.length - 4, (int) crc.getValue());
    return out;
  }

  /** Inserts {@code extra} bytes just before the checksum and re-seals. */
  public static byte[] withTrailing(byte[] frame, int extra) {
    byte[] out = new byte[frame.length + extra];
    System.arraycopy(frame, 0, out, 0, frame.length - 4);
    return reseal(out);
  }
}
