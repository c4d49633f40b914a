package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameEncodedHistogramDecoderTest {

  private static final double INF = Double.POSITIVE_INFINITY;
  private final NameEncodedHistogramDecoder decoder = new NameEncodedHistogramDecoder();
  private final PrometheusTextParser parser = new PrometheusTextParser();

  @ParameterizedTest
  @CsvSource({
    "0_5, 0.5",
    "1, 1",
    "1000, 1000",
    "128, 128",
    "1_kb, 1024",
    "16_kb, 16384",
    "100_kb, 102400",
    "1_mb, 1048576",
    "0_25_kb, 256",
    "overflow, Infinity"
  })
  void decodesBoundSuffixes(String suffix, double bound) {
    assertThat(decoder.upperBound(suffix)).hasValue(bound);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "x", "1_", "_5", "1_5_5", "kb", "_kb", "1_gb", "-1", "1.5", "overflow2"})
  void rejectsOtherSuffixes(String suffix) {
    assertThat(decoder.upperBound(suffix)).isEqualTo(OptionalDouble.empty());
  }

  private static final String TOPIC_A =
      "{cluster=\"c\",namespace=\"p/d\",topic=\"persistent://p/d/a\"}";
  private static final String TOPIC_B =
      "{cluster=\"c\",namespace=\"p/d\",topic=\"persistent://p/d/b\"}";

  /** The layout of Pulsar 4.0's TopicStats: per-bucket gauges, _overflow for latency. */
  private static String pulsarLatency() {
    StringBuilder sb = new StringBuilder();
    String[] suffixes = {
      "le_0_5", "le_1", "le_5", "le_10", "le_20", "le_50", "le_100", "le_200", "le_1000", "overflow"
    };
    int[] a = {0, 4, 10, 4, 2, 0, 0, 0, 0, 0};
    int[] b = {1, 0, 0, 0, 0, 0, 0, 0, 0, 3};
    for (int i = 0; i < suffixes.length; i++) {
      String name = "pulsar_storage_write_latency_" + suffixes[i];
      sb.append("# TYPE ").append(name).append(" gauge\n");
      sb.append(name).append(TOPIC_A).append(' ').append(a[i]).append('\n');
      sb.append(name).append(TOPIC_B).append(' ').append(b[i]).append('\n');
    }
    sb.append("# TYPE pulsar_storage_write_latency_count gauge\n");
    sb.append("pulsar_storage_write_latency_count").append(TOPIC_A).append(" 20\n");
    sb.append("pulsar_storage_write_latency_count").append(TOPIC_B).append(" 4\n");
    sb.append("# TYPE pulsar_storage_write_latency_sum gauge\n");
    sb.append("pulsar_storage_write_latency_sum").append(TOPIC_A).append(" 95.5\n");
    return sb.toString();
  }

  @Test
  void decodesPulsarWriteLatencyIntoCumulativeHistograms() {
    Exposition e = parser.parse(pulsarLatency());
    List<Histogram> hs = decoder.decode(e, "pulsar_storage_write_latency");
    assertThat(hs).hasSize(2);
    Histogram a = hs.get(0);
    assertThat(a.labels().getOrNull("topic")).isEqualTo("persistent://p/d/a");
    assertThat(a.buckets())
        .extracting(Bucket::upperBound)
        .containsExactly(0.5, 1.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 1000.0, INF);
    assertThat(a.buckets())
        .extracting(Bucket::cumulativeCount)
        .containsExactly(0.0, 4.0, 14.0, 18.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0);
    assertThat(a.count()).isEqualTo(20);
    assertThat(a.sum()).isEqualTo(95.5);
    // rank 10 of 20 lies in (1, 5]: 1 + 4 * (10 - 4) / 10
    assertThat(a.quantile(0.5)).isCloseTo(3.4, within(1e-12));
    assertThat(a.quantile(0.99)).isCloseTo(19.0, within(1e-12));
    Histogram b = hs.get(1);
    assertThat(b.sum()).as("no _sum for topic b").isNaN();
    assertThat(b.count()).isEqualTo(4);
    assertThat(b.quantile(0.99)).as("rank in the overflow bucket").isEqualTo(1000);
  }

  @Test
  void decodesEntrySizeWithKilobyteNamesAndLeOverflow() {
    StringBuilder sb = new StringBuilder();
    String[] suffixes = {
      "le_128",
      "le_512",
      "le_1_kb",
      "le_2_kb",
      "le_4_kb",
      "le_16_kb",
      "le_100_kb",
      "le_1_mb",
      "le_overflow"
    };
    int[] counts = {0, 0, 10, 0, 0, 0, 0, 0, 0};
    for (int i = suffixes.length - 1; i >= 0; i--) { // order must not matter
      sb.append("pulsar_entry_size_")
          .append(suffixes[i])
          .append(TOPIC_A)
          .append(' ')
          .append(counts[i])
          .append('\n');
    }
    Exposition e = parser.parse(sb.toString());
    assertThat(decoder.baseNames(e)).containsExactly("pulsar_entry_size");
    Histogram h = decoder.decode(e, "pulsar_entry_size").get(0);
    assertThat(h.buckets())
        .extracting(Bucket::upperBound)
        .containsExactly(128.0, 512.0, 1024.0, 2048.0, 4096.0, 16384.0, 102400.0, 1048576.0, INF);
    // all 10 entries in (512, 1024]: the median interpolates to the middle
    assertThat(h.quantile(0.5)).isCloseTo(768, within(1e-9));
  }

  @Test
  void discoversEveryBaseName() {
    String text =
        pulsarLatency()
            + "pulsar_entry_size_le_128 1\n"
            + "pulsar_compaction_latency_le_0_5 0\n"
            + "pulsar_not_a_bucket_le_x 1\n"
            + "pulsar_rate_in 3\n";
    assertThat(decoder.baseNames(parser.parse(text)))
        .containsExactly(
            "pulsar_storage_write_latency", "pulsar_entry_size", "pulsar_compaction_latency");
  }

  @Test
  void missingBucketsCountZeroAndMissingOverflowLeavesNoInfBucket() {
    Exposition e = parser.parse("x_le_1{t=\"a\"} 2\nx_le_1{t=\"b\"} 1\nx_le_2{t=\"a\"} 2\n");
    List<Histogram> hs = decoder.decode(e, "x");
    assertThat(hs.get(1).buckets()).containsExactly(new Bucket(1, 1), new Bucket(2, 1));
    assertThat(hs.get(0).quantile(0.5)).as("no +Inf bucket: no estimate").isNaN();
  }

  @Test
  void bothOverflowSpellingsFormOneBucket() {
    Exposition e =
        parser.parse("x_le_1{t=\"a\"} 1\nx_overflow{t=\"a\"} 1\nx_le_overflow{t=\"b\"} 2\n");
    List<Histogram> hs = decoder.decode(e, "x");
    assertThat(hs.get(0).buckets()).containsExactly(new Bucket(1, 1), new Bucket(INF, 2));
    assertThat(hs.get(1).buckets()).containsExactly(new Bucket(1, 0), new Bucket(INF, 2));
  }

  @Test
  void absentBaseGivesNoHistograms() {
    assertThat(decoder.decode(parser.parse("pulsar_rate_in 1\n"), "pulsar_entry_size")).isEmpty();
  }

  @Test
  void badCountsAreRejectedWithTheirName() {
    Exposition e = parser.parse("x_le_1{t=\"a\"} -1\n");
    assertThatThrownBy(() -> decoder.decode(e, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x_le_1{t=\"a\"} = -1.0, expected a bucket count >= 0");
    Exposition nan = parser.parse("x_le_1 NaN\n");
    assertThatThrownBy(() -> decoder.decode(nan, "x")).hasMessageContaining("x_le_1{} = NaN");
  }
}
