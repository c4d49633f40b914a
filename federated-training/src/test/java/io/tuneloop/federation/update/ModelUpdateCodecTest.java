package io.tuneloop.federation.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tuneloop.federation.wire.Frames;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ModelUpdateCodecTest {
  private final ModelUpdateCodec codec = new ModelUpdateCodec(1000);

  static ModelUpdate sample(int n) {
    float[] delta = new float[n];
    for (int i = 0; i < n; i++) {
      delta[i] = (float) Math.sin(i + 1) * 0.01f;
    }
    return new ModelUpdate(7, 6, 1234, "v1", "0123456789abcdef", "c-cluster.a", delta);
  }

  /** Offset of the parameter count: header 8, three longs 24, three strings. */
  private static int countOffset(ModelUpdate u) {
    return 8
        + 24
        + 3
        + u.schemaVersion().length()
        + u.schemaFingerprint().length()
        + u.clusterId().length();
  }

  private RejectionReason reasonFor(byte[] bytes) {
    WireFormatException e =
        catchThrowableOfType(() -> codec.decode(bytes), WireFormatException.class);
    assertThat(e).as("decoding must fail with a reason").isNotNull();
    return e.reason();
  }

  @Test
  void roundTripsEveryField() throws Exception {
    ModelUpdate u = sample(300);
    byte[] bytes = codec.encode(u);
    assertThat(bytes).hasSize(countOffset(u) + 4 + 300 * 4 + 4);
    assertThat(ByteBuffer.wrap(bytes).getShort(4))
        .isEqualTo((short) ModelUpdateCodec.FORMAT_VERSION);
    ModelUpdate back = codec.decode(bytes);
    assertThat(back).isEqualTo(u);
    assertThat(back.delta()).containsExactly(u.delta());
  }

  @Test
  void refusesAnOversizedMessageBeforeParsing() {
    byte[] bytes = new ModelUpdateCodec(5000).encode(sample(1500));
    assertThat(reasonFor(bytes)).isEqualTo(RejectionReason.OVERSIZED);
  }

  @Test
  void refusesEveryTruncation() {
    byte[] bytes = codec.encode(sample(10));
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThat(reasonFor(cut))
          .as("prefix of %d bytes", len)
          .isIn(RejectionReason.TRUNCATED, RejectionReason.CORRUPT);
      // Re-sealed, the checksum passes and the structural checks must catch the cut.
      if (len >= 12) {
        assertThat(reasonFor(Frames.reseal(cut)))
            .as("re-sealed prefix of %d bytes", len)
            .isIn(
                RejectionReason.TRUNCATED,
                RejectionReason.LENGTH_MISMATCH,
                RejectionReason.INVALID_FIELD);
      }
    }
  }

  @Test
  void refusesForeignMagic() {
    byte[] bytes = codec.encode(sample(3));
    bytes[0] = 'X';
    assertThat(reasonFor(Frames.reseal(bytes))).isEqualTo(RejectionReason.BAD_MAGIC);
  }

  @Test
  void refusesAnUnknownFormatVersionByName() {
    byte[] bytes = codec.encode(sample(3));
    ByteBuffer.wrap(bytes).putShort(4, (short) 2);
    WireFormatException e =
        catchThrowableOfType(() -> codec.decode(Frames.reseal(bytes)), WireFormatException.class);
    assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_FORMAT_VERSION);
    assertThat(e).hasMessageContaining("format version 2").hasMessageContaining("expected 1");
  }

  @Test
  void refusesAFlippedBit() {
    byte[] bytes = codec.encode(sample(50));
    bytes[bytes.length / 2] ^= 0x10;
    assertThat(reasonFor(bytes)).isEqualTo(RejectionReason.CORRUPT);
  }

  @Test
  void refusesNanAndInfinityEvenWithAValidChecksum() {
    ModelUpdate u = sample(20);
    int firstValue = countOffset(u) + 4;
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      byte[] bytes = codec.encode(u);
      ByteBuffer.wrap(bytes).putFloat(firstValue + 4 * 7, bad);
      WireFormatException e =
          catchThrowableOfType(() -> codec.decode(Frames.reseal(bytes)), WireFormatException.class);
      assertThat(e.reason()).isEqualTo(RejectionReason.NON_FINITE);
      assertThat(e).hasMessageContaining("delta[7]");
    }
  }

  @Test
  void refusesADeclaredLengthThatDisagreesWithThePayload() {
    ModelUpdate u = sample(20);
    byte[] longer = codec.encode(u);
    ByteBuffer.wrap(longer).putInt(countOffset(u), 21);
    assertThat(reasonFor(Frames.reseal(longer))).isEqualTo(RejectionReason.LENGTH_MISMATCH);
    byte[] shorter = codec.encode(u);
    ByteBuffer.wrap(shorter).putInt(countOffset(u), 19);
    assertThat(reasonFor(Frames.reseal(shorter))).isEqualTo(RejectionReason.LENGTH_MISMATCH);
    byte[] huge = codec.encode(u);
    ByteBuffer.wrap(huge).putInt(countOffset(u), -1); // 4294967295 as unsigned
    assertThat(reasonFor(Frames.reseal(huge))).isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(reasonFor(Frames.withTrailing(codec.encode(u), 3)))
        .isEqualTo(RejectionReason.LENGTH_MISMATCH);
  }

  @Test
  void refusesOutOfRangeHeaderFields() {
    byte[] zeroSamples = codec.encode(sample(4));
    ByteBuffer.wrap(zeroSamples).putLong(8 + 16, 0);
    WireFormatException e =
        catchThrowableOfType(
            () -> codec.decode(Frames.reseal(zeroSamples)), WireFormatException.class);
    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(e).hasMessageContaining("sampleCount=0");

    byte[] badId = codec.encode(sample(4));
    badId[8 + 24 + 1] = ' '; // first character of the schema version
    assertThat(reasonFor(Frames.reseal(badId))).isEqualTo(RejectionReason.INVALID_FIELD);
  }

  @Test
  void refusesNullAndEmptyPayloads() {
    assertThat(reasonFor(null)).isEqualTo(RejectionReason.TRUNCATED);
    assertThat(reasonFor(new byte[0])).isEqualTo(RejectionReason.TRUNCATED);
  }

  @Test
  void theRecordRefusesWhatTheWireRefuses() {
    assertThatThrownBy(() -> new ModelUpdate(0, 0, 1, "v1", "f", "c", new float[1]))
        .hasMessageContaining("roundId=0");
    assertThatThrownBy(() -> new ModelUpdate(1, 0, 1, "v1", "f", "c", new float[] {Float.NaN}))
        .hasMessageContaining("delta[0]=NaN");
    assertThatThrownBy(() -> new ModelUpdate(1, 0, 1, "v1", "f", "bad id", new float[1]))
        .hasMessageContaining("clusterId='bad id'");
  }

  @Property(tries = 300)
  void arbitraryBytesNeverCrashTheDecoder(@ForAll @Size(max = 200) byte[] bytes) {
    try {
      codec.decode(bytes);
    } catch (WireFormatException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @Property(tries = 300)
  void arbitraryEditsOfAValidFrameAreRefusedOrDecodeToAValidUpdate(
      @ForAll @IntRange(min = 0, max = 130) int position,
      @ForAll byte value,
      @ForAll boolean reseal) {
    byte[] bytes = codec.encode(sample(16));
    bytes[position % bytes.length] = value;
    byte[] input = reseal ? Frames.reseal(bytes) : bytes;
    try {
      ModelUpdate u = codec.decode(input);
      assertThat(u.dimension()).isEqualTo(16);
    } catch (WireFormatException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }
}
