package io.tuneloop.federation.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tuneloop.federation.privacy.PrivacyLedger;
import io.tuneloop.federation.wire.Frames;
import io.tuneloop.federation.wire.RejectionReason;
import io.tuneloop.federation.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BaselineCodecTest {
  private final BaselineCodec codec = new BaselineCodec(10_000);

  static Baseline sample(double epsilon) {
    PrivacyLedger ledger = PrivacyLedger.empty().compose(0.1, 1.1).compose(0.1, 1.1);
    Lineage lineage =
        new Lineage(
            4,
            Instant.parse("2025-01-02T03:04:05.678Z"),
            "dp-fedavg(clip=1.0,z=1.1)",
            List.of(
                new Participant("c-a", 100, 0.5),
                new Participant("c-b", 7, 1.25),
                Participant.withheld("c-c")),
            1.0,
            1.1,
            0.22,
            0.31,
            0.1,
            1e-5,
            epsilon,
            ledger,
            Map.of(RejectionReason.LATE, 2L, RejectionReason.CORRUPT, 1L));
    float[] p = new float[64];
    Arrays.fill(p, 0.25f);
    p[3] = -7.5f;
    return new Baseline(5, 5, "v1", "0123456789abcdef", p, lineage);
  }

  @Test
  void roundTripsParametersAndLineage() throws Exception {
    Baseline b = sample(3.5);
    Baseline back = codec.decode(codec.encode(b));
    assertThat(back).isEqualTo(b);
    assertThat(back.lineage().privacy().rdp()).containsExactly(b.lineage().privacy().rdp());
    assertThat(back.lineage().rejected()).containsEntry(RejectionReason.LATE, 2L);
  }

  @Test
  void roundTripsUnboundedValues() throws Exception {
    Baseline b =
        new Baseline(0, 0, "v1", "f", new float[] {1f}, Lineage.initial(Instant.EPOCH, 1e-5));
    assertThat(codec.decode(codec.encode(b))).isEqualTo(b);
    Baseline noNoise = sample(Double.POSITIVE_INFINITY);
    assertThat(codec.decode(codec.encode(noNoise)).lineage().epsilon()).isInfinite();
  }

  @Test
  void refusesTruncationsCorruptionAndForeignVersions() {
    byte[] bytes = codec.encode(sample(1));
    for (int len = 0; len < bytes.length; len += 7) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThat(reason(Frames.reseal(len >= 4 ? cut : new byte[4])))
          .isIn(
              RejectionReason.TRUNCATED,
              RejectionReason.LENGTH_MISMATCH,
              RejectionReason.INVALID_FIELD);
    }
    byte[] flipped = bytes.clone();
    flipped[40] ^= 1;
    assertThat(reason(flipped)).isEqualTo(RejectionReason.CORRUPT);
    byte[] v2 = bytes.clone();
    ByteBuffer.wrap(v2).putShort(4, (short) 2);
    assertThat(reason(Frames.reseal(v2))).isEqualTo(RejectionReason.UNKNOWN_FORMAT_VERSION);
    // A model update is not a baseline.
    byte[] update =
        new io.tuneloop.federation.update.ModelUpdateCodec()
            .encode(
                new io.tuneloop.federation.update.ModelUpdate(
                    1, 0, 1, "v1", "f", "c", new float[] {1f}));
    assertThat(reason(update)).isEqualTo(RejectionReason.BAD_MAGIC);
  }

  @Test
  void participantsAreEitherFullyDisclosedOrFullyWithheld() {
    assertThat(Participant.withheld("c").isWithheld()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Participant("c", 0, 1.0))
        .hasMessageContaining("sampleCount=0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Participant("c", 5, -1))
        .hasMessageContaining("norm=-1.0");
  }

  @Test
  void refusesANonFiniteParameter() {
    Baseline b = sample(1);
    byte[] bytes = codec.encode(b);
    ByteBuffer.wrap(bytes).putFloat(bytes.length - 4 - 4, Float.NaN);
    assertThat(reason(Frames.reseal(bytes))).isEqualTo(RejectionReason.NON_FINITE);
  }

  @Property(tries = 200)
  void arbitraryBytesNeverCrashTheDecoder(@ForAll @Size(max = 300) byte[] bytes) {
    try {
      codec.decode(bytes);
    } catch (WireFormatException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  private RejectionReason reason(byte[] bytes) {
    WireFormatException e =
        catchThrowableOfType(() -> codec.decode(bytes), WireFormatException.class);
    assertThat(e).isNotNull();
    return e.reason();
  }
}
