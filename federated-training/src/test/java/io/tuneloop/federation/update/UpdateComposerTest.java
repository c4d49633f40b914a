package io.tuneloop.federation.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.Lineage;
import io.tuneloop.federation.clip.L2Clip;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpdateComposerTest {
  private final Baseline base =
      new Baseline(4, 6, "v1", "fp", new float[] {1, 1, 1}, Lineage.initial(Instant.EPOCH, 1e-5));

  @Test
  void sendsTheClippedDifferenceStampedWithTheBaseline() {
    UpdateComposer composer = new UpdateComposer(new L2Clip(1.0), "c-1");
    UpdateComposer.Composed c = composer.compose(base, new float[] {4, 5, 1}, 77);
    ModelUpdate u = c.update();
    assertThat(c.normBeforeClip()).isEqualTo(5.0);
    assertThat(u.delta()[0]).isCloseTo(0.6f, within(1e-6f));
    assertThat(u.delta()[1]).isCloseTo(0.8f, within(1e-6f));
    assertThat(u.delta()[2]).isZero();
    assertThat(u.roundId()).isEqualTo(7);
    assertThat(u.baselineVersion()).isEqualTo(4);
    assertThat(u.sampleCount()).isEqualTo(77);
    assertThat(u.schemaVersion()).isEqualTo("v1");
    assertThat(u.schemaFingerprint()).isEqualTo("fp");
    assertThat(u.clusterId()).isEqualTo("c-1");
  }

  @Test
  void refusesALocalModelOfAnotherShape() {
    UpdateComposer composer = new UpdateComposer(new L2Clip(1.0), "c-1");
    assertThatThrownBy(() -> composer.compose(base, new float[2], 1))
        .hasMessageContaining("local model has 2 parameters, baseline 4 has 3");
  }

  @Test
  void pseudonymsAreStableSecretKeyedAndValidIds() {
    PseudonymousId a = new PseudonymousId("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    PseudonymousId b = new PseudonymousId("fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    String id = a.of("prod-eu/pulsar");
    assertThat(id).matches("c-[0-9a-f]{32}").isEqualTo(a.of("prod-eu/pulsar"));
    assertThat(a.of("prod-us/pulsar")).isNotEqualTo(id);
    assertThat(b.of("prod-eu/pulsar")).isNotEqualTo(id);
    assertThat(new UpdateComposer(new L2Clip(1), id).clusterId()).isEqualTo(id);
    assertThatThrownBy(() -> new PseudonymousId(new byte[8])).hasMessageContaining("8 bytes");
  }
}
