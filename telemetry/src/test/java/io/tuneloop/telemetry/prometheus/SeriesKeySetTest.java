package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesKeySetTest {

  @Test
  void denseIdsUseBitSetsAndFindRepeats() {
    SeriesKeySet set = new SeriesKeySet();
    for (int name = 0; name < 300; name++) {
      for (int labels = 0; labels < 10_000; labels += 3) {
        assertThat(set.add(name, labels)).isTrue();
      }
    }
    assertThat(set.add(299, 10_001)).isTrue();
    assertThat(set.add(299, 10_001)).isFalse();
    assertThat(set.add(299, 9999)).isFalse();
    assertThat(set.add(0, 3)).isFalse();
    assertThat(set.add(0, 4)).isTrue();
  }

  @Test
  void sparseIdsSwitchToHashingAndKeepEveryPair() {
    SeriesKeySet set = new SeriesKeySet();
    Set<Long> reference = new HashSet<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      int name = random.nextInt(50_000);
      int labels = random.nextInt(5_000_000);
      boolean expected = reference.add(((long) name << 32) | labels);
      assertThat(set.add(name, labels)).isEqualTo(expected);
    }
    for (long pair : reference) {
      assertThat(set.add((int) (pair >>> 32), (int) pair)).isFalse();
    }
  }
}
