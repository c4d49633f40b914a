package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SampleColumnsTest {

  @Test
  void keepsEverySampleAcrossChunksWithAndWithoutTimestamps() {
    SampleColumns.Builder builder = new SampleColumns.Builder();
    List<Sample> expected = new ArrayList<>();
    int n = 3 * SampleColumns.CHUNK + 17;
    for (int i = 0; i < n; i++) {
      Labels labels = Labels.of("i", Integer.toString(i));
      // Timestamps start late (after chunk 0 has grown) and are only on some samples.
      if (i > 700 && i % 3 == 0) {
        builder.add("m", labels, i, 1000L + i);
        expected.add(new Sample("m", labels, i, OptionalLong.of(1000L + i)));
      } else {
        builder.add("m", labels, i);
        expected.add(new Sample("m", labels, i));
      }
    }
    SampleColumns columns = builder.build();
    assertThat(columns).hasSize(n).containsExactlyElementsOf(expected);
    assertThatThrownBy(() -> columns.get(n)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> columns.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void emptyAndTinyFamilies() {
    assertThat(new SampleColumns.Builder().build()).isEmpty();
    SampleColumns.Builder one = new SampleColumns.Builder();
    one.add("m", Labels.EMPTY, 1, 5);
    assertThat(one.build()).containsExactly(new Sample("m", Labels.EMPTY, 1, OptionalLong.of(5)));
  }
}
