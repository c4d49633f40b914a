package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SampleColumnsTest {

  @Test
  void interleavedFamiliesKeepTheirOwnSamplesAcrossGrowthAndTrim() {
    SampleColumns.Store store = new SampleColumns.Store(4);
    SampleColumns.Builder a = new SampleColumns.Builder(store);
    SampleColumns.Builder b = new SampleColumns.Builder(store);
    List<Sample> expectedA = new ArrayList<>();
    List<Sample> expectedB = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Labels labels = Labels.of("i", Integer.toString(i));
      // Runs of different lengths so that segments vary; timestamps start late and are sparse.
      boolean toA = (i / 7) % 3 != 0;
      SampleColumns.Builder target = toA ? a : b;
      List<Sample> expected = toA ? expectedA : expectedB;
      if (i > 700 && i % 3 == 0) {
        target.add("m", labels, i, 1000L + i);
        expected.add(new Sample("m", labels, i, OptionalLong.of(1000L + i)));
      } else {
        target.add("m", labels, i);
        expected.add(new Sample("m", labels, i));
      }
    }
    store.add("unowned", Labels.EMPTY, 0);
    store.trim();
    SampleColumns columnsA = a.build();
    SampleColumns columnsB = b.build();
    assertThat(columnsA).containsExactlyElementsOf(expectedA);
    assertThat(columnsB).containsExactlyElementsOf(expectedB);
    assertThatThrownBy(() -> columnsA.get(expectedA.size()))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> columnsB.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void emptyAndSingleSegmentFamilies() {
    SampleColumns.Store store = new SampleColumns.Store(16);
    SampleColumns.Builder empty = new SampleColumns.Builder(store);
    SampleColumns.Builder one = new SampleColumns.Builder(store);
    one.add("m", Labels.EMPTY, 1, 5);
    one.add("m", Labels.of("a", "b"), 2);
    store.trim();
    assertThat(empty.build()).isEmpty();
    assertThat(one.build())
        .containsExactly(
            new Sample("m", Labels.EMPTY, 1, OptionalLong.of(5)),
            new Sample("m", Labels.of("a", "b"), 2));
  }
}
