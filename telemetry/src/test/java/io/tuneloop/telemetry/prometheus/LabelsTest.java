package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void sortedByNameAndComparedByContent() {
    Labels a = Labels.of("topic", "t", "cluster", "c");
    Map<String, String> map = new LinkedHashMap<>();
    map.put("cluster", "c");
    map.put("topic", "t");
    assertThat(a).isEqualTo(Labels.of(map)).hasSameHashCodeAs(Labels.of(map));
    assertThat(a.name(0)).isEqualTo("cluster");
    assertThat(a.get("topic")).hasValue("t");
    assertThat(a.get("nope")).isEmpty();
    assertThat(a.has("cluster", "c")).isTrue();
    assertThat(a.without("cluster")).isEqualTo(Labels.of("topic", "t"));
    assertThat(a.without("absent")).isSameAs(a);
    assertThat(Labels.of("x", "1").without("x")).isSameAs(Labels.EMPTY);
    assertThat(Labels.of("a", "q\"\\\n")).hasToString("{a=\"q\\\"\\\\\\n\"}");
  }

  @Test
  void largeLabelSetsSortToo() {
    String[] kv = new String[200];
    for (int i = 0; i < 100; i++) {
      kv[2 * i] = "l" + (99 - i);
      kv[2 * i + 1] = "v" + i;
    }
    Labels labels = Labels.of(kv);
    for (int i = 1; i < labels.size(); i++) {
      assertThat(labels.name(i - 1).compareTo(labels.name(i))).isNegative();
    }
    assertThat(labels.getOrNull("l0")).isEqualTo("v99");
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("odd count 1");
    assertThatThrownBy(() -> Labels.of("1a", "x"))
        .hasMessageContaining("label name \"1a\" is not a valid name");
    assertThatThrownBy(() -> Labels.of("a:b", "x")).hasMessageContaining("\"a:b\"");
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2"))
        .hasMessage("label name \"a\" appears twice");
    assertThatThrownBy(() -> Labels.of("a", null)).hasMessage("label a has a null value");
  }
}
