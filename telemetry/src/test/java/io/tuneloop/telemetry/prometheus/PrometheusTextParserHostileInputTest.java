package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextParserHostileInputTest {

  private final PrometheusTextParser parser = new PrometheusTextParser();

  private PrometheusParseException failure(byte[] input) {
    PrometheusParseException e =
        catchThrowableOfType(() -> parser.parse(input), PrometheusParseException.class);
    assertThat(e).as("expected a parse error").isNotNull();
    assertThat(e.getMessage().length()).as("message stays short").isLessThan(400);
    return e;
  }

  private PrometheusParseException failure(String input) {
    return failure(input.getBytes(StandardCharsets.UTF_8));
  }

  private void assertFails(String input, int line, String problem) {
    PrometheusParseException e = failure(input);
    assertThat(e.lineNumber()).isEqualTo(line);
    assertThat(e.getMessage()).startsWith("line " + line + ", column ").contains(problem);
  }

  @Test
  void errorNamesLineColumnAndExcerpt() {
    PrometheusParseException e = failure("# TYPE a gauge\n\n# comment\na 1\nb{x=\"1\"} oops 5\n");
    assertThat(e.lineNumber()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(10);
    assertThat(e.excerpt()).isEqualTo("\"b{x=\\\"1\\\"} oops 5\"");
    assertThat(e.getMessage())
        .isEqualTo(
            "line 5, column 10: invalid sample value (no digits): \"b{x=\\\"1\\\"} oops 5\"");
  }

  @Test
  void aProblemQuotingAGiantNameStaysShort() {
    String name = "m" + "x".repeat(100_000);
    PrometheusParseException e = failure(name + " 1\n" + name + " 2\n");
    assertThat(e.lineNumber()).isEqualTo(2);
    assertThat(e.getMessage()).startsWith("line 2, column 1: duplicate series mxxx");
  }

  @Test
  void truncatedLines() {
    assertFails("m", 1, "line ends after the metric name, expected a value");
    assertFails("a 1\nm{a=\"1\"}", 2, "expected a sample value");
    assertFails("m{a=\"1\"}   \n", 1, "expected a sample value");
    assertFails("m 1 2 3\n", 1, "unexpected text after the timestamp");
    assertFails("m!1\n", 1, "unexpected character after the metric name");
  }

  @Test
  void lineCutInsideALabelSet() {
    assertFails("m{a=\"1\",b", 1, "input ends inside a label set");
    assertFails("m{a=\"1\",b=\"x", 1, "input ends inside a quoted label value");
    assertFails("m{a=\"1\",b\nn 2\n", 1, "line ends inside a label set");
    assertFails("m{a=\"1\\", 1, "input ends inside a quoted label value");
  }

  @Test
  void unterminatedQuote() {
    assertFails("ok 1\nm{a=\"unterminated} 1\nn 2\n", 2, "line ends inside a quoted label value");
  }

  @Test
  void malformedLabelSets() {
    assertFails("m{1a=\"x\"} 1", 1, "expected a label name");
    assertFails("m{a-b=\"x\"} 1", 1, "expected '=' after label name a");
    assertFails("m{a:b=\"x\"} 1", 1, "expected '=' after label name a");
    assertFails("m{a=x} 1", 1, "expected '\"' to open the value of label a");
    assertFails("m{a} 1", 1, "expected '=' after label name a");
    assertFails("m{a=\"1\" b=\"2\"} 1", 1, "expected ',' or '}' after the value of label a");
    assertFails("m{a=\"1\",,} 1", 1, "expected a label name");
    assertFails("m{a=\"1\",a=\"2\"} 1", 1, "label a appears twice in one label set");
    assertFails("m{a=\"\\t\"} 1", 1, "invalid escape sequence");
  }

  @Test
  void hugeLabelValuesParseAndHugeBadLinesGiveShortMessages() {
    String big = "v".repeat(5_000_000);
    Exposition e = parser.parse("m{big=\"" + big + "\"} 1\n");
    assertThat(e.require("m").samples().get(0).label("big")).hasSize(5_000_000);

    PrometheusParseException unterminated = failure("m{big=\"" + big + "\n");
    assertThat(unterminated.excerpt()).startsWith("\"m{big=\\\"vvv").endsWith("vvv\"...");
    assertThat(unterminated.excerpt().length()).isLessThan(100);

    PrometheusParseException garbage = failure("x".repeat(10_000_000) + "!");
    assertThat(garbage.getMessage()).contains("unexpected character after the metric name");
  }

  @Test
  void duplicateSeriesAreRejected() {
    assertFails("m{a=\"1\"} 1\nm{a=\"1\"} 2\n", 2, "duplicate series m{a=\"1\"}");
    assertFails(
        "m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 2\n", 2, "duplicate series m{a=\"1\",b=\"2\"}");
    assertFails("m 1 100\nm 1 200\n", 2, "duplicate series m{}");
    assertFails(
        "# TYPE m gauge\nm{a=\"1\"} 1\nn 1\nm{a=\"1\"} 2\n", 4, "duplicate series m{a=\"1\"}");
    assertFails(
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"1\"} 1\n",
        3,
        "duplicate series h_bucket{le=\"1\"}");
  }

  @Test
  void sameLabelsUnderDifferentSampleNamesAreNotDuplicates() {
    Exposition e =
        parser.parse("# TYPE s summary\ns_sum{a=\"1\"} 1\ns_count{a=\"1\"} 1\nother{a=\"1\"} 1\n");
    assertThat(e.sampleCount()).isEqualTo(3);
  }

  @Test
  void unknownOrMissingTypes() {
    assertFails(
        "# TYPE m gaugehistogram\nm 1\n", 1, "unknown metric type \"gaugehistogram\" for m");
    assertFails("# TYPE m info\n", 1, "expected counter, gauge, histogram, summary or untyped");
    assertFails("# TYPE m unknown\n", 1, "unknown metric type \"unknown\"");
    assertFails("# TYPE m\n", 1, "TYPE line for m has no type");
    assertFails("# TYPE m gauge extra\n", 1, "unexpected text after the type");
    assertFails("# TYPE\n", 1, "TYPE line needs a metric name");
    assertFails("# HELP 9m x\n", 1, "HELP line needs a metric name");
    assertFails("# TYPE m-x gauge\n", 1, "invalid character in the metric name of a TYPE line");
  }

  @Test
  void contradictoryHeadersAndNameClashes() {
    assertFails("# TYPE m gauge\n# TYPE m counter\n", 2, "second TYPE line for m says counter");
    assertFails("# HELP m one\n# HELP m two\n", 2, "second HELP line for m differs");
    assertFails("m 1\n# TYPE m gauge\n", 2, "TYPE line for m comes after samples of it");
    assertFails(
        "# TYPE x_count gauge\n# TYPE x summary\n",
        2,
        "summary x needs the sample name x_count, which already belongs to gauge x_count");
    assertFails(
        "# TYPE x histogram\n# TYPE x_bucket gauge\n",
        2,
        "metric name x_bucket is already a sample of histogram x");
    assertFails("x_sum 1\n# TYPE x summary\n", 2, "x_sum, which already belongs to untyped x_sum");
    assertFails(
        "# TYPE x counter\nx_total 1\n# TYPE x_total gauge\n",
        3,
        "metric name x_total is already a sample of counter x");
  }

  @Test
  void histogramAndSummaryLabelsAreChecked() {
    assertFails("# TYPE h histogram\nh_bucket 1\n", 2, "histogram bucket h_bucket has no le label");
    assertFails(
        "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 2, "le label of h_bucket is not a number");
    assertFails(
        "# TYPE h histogram\nh_bucket{le=\"NaN\"} 1\n", 2, "le label of h_bucket is not a number");
    assertFails("# TYPE h histogram\nh 1\n", 2, "histogram h has a sample without the _bucket");
    assertFails("# TYPE s summary\ns 1\n", 2, "summary sample s has no quantile label");
    assertFails(
        "# TYPE s summary\ns{quantile=\"1.5\"} 1\n",
        2,
        "quantile label of s is not a number in [0, 1]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3", "abc", "1e", "1e+", "--1", "+-1", "0x", "0x1", "1_000", "1d", "1f", "NaNx", "+NaN",
        "infinit", ".", "+", "1,5", "1e400", "-1e400", "0x1p", "١"
      })
  void invalidValues(String value) {
    PrometheusParseException e = failure("m " + value + "\n");
    assertThat(e.lineNumber()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage())
        .containsAnyOf("invalid sample value", "out of the range of a double");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "abc", "99999999999999999999", "-", "1e3", "0x10"})
  void invalidTimestamps(String timestamp) {
    assertFails("m 1 " + timestamp + "\n", 1, "invalid timestamp, expected integer milliseconds");
  }

  @Test
  void timestampLimitsAreExact() {
    Exposition e = parser.parse("a 1 9223372036854775807\nb 1 -9223372036854775808\n");
    assertThat(e.require("a").samples().get(0).timestampMillis()).hasValue(Long.MAX_VALUE);
    assertThat(e.require("b").samples().get(0).timestampMillis()).hasValue(Long.MIN_VALUE);
    assertFails("c 1 9223372036854775808\n", 1, "integer overflow");
  }

  @Test
  void nonUtf8Bytes() {
    byte[] inLabel = bytes("m{a=\"x", 0xFF, "\"} 1\n");
    assertThat(failure(inLabel).getMessage()).contains("label value is not valid UTF-8");
    byte[] escapedInLabel = bytes("m{a=\"\\n", 0xC3, 0x28, "\"} 1\n");
    assertThat(failure(escapedInLabel).getMessage()).contains("label value is not valid UTF-8");
    byte[] inHelp = bytes("# HELP m bad ", 0xC3, 0x28, "\n");
    assertThat(failure(inHelp).getMessage()).contains("HELP text is not valid UTF-8");
    byte[] inName = bytes("m", 0xFF, " 1\n");
    assertThat(failure(inName).getMessage()).contains("unexpected character after the metric name");
    byte[] atStart = bytes("", 0xFE, 0xFF, "m 1\n");
    PrometheusParseException e = failure(atStart);
    assertThat(e.getMessage()).contains("expected a metric name");
    assertThat(e.excerpt()).contains("\uFFFD");
  }

  @Test
  void nonUtf8BytesInPlainCommentsAreIgnored() {
    Exposition e = parser.parse(bytes("# comment ", 0xFF, 0xFE, "\nm 1\n"));
    assertThat(e.require("m").samples()).hasSize(1);
  }

  @Test
  void controlCharactersAreEscapedInTheExcerpt() {
    PrometheusParseException e = failure(bytes("", 0x00, 0x07, "m 1\n"));
    assertThat(e.excerpt()).isEqualTo("\"\\x00\\x07m 1\"");
    PrometheusParseException escaped = failure("m{a=\"\\x\"} 1\n");
    assertThat(escaped.getMessage()).contains("column 6");
  }

  @Test
  void helpEscapesOtherThanBackslashAndNewlineAreRejected() {
    assertFails("# HELP m say \\\"hi\\\"\n", 1, "invalid escape sequence, expected \\\\, \\n");
  }

  @Test
  void oversizedStreamsAreRejectedBeforeBeingBuffered() {
    PrometheusTextParser small = new PrometheusTextParser(64 * 1024);
    byte[] big = "m 1\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
    PrometheusParseException e =
        catchThrowableOfType(
            () -> small.parse(new ByteArrayInputStream(big)), PrometheusParseException.class);
    assertThat(e.getMessage())
        .isEqualTo("input exceeds the limit of 65536 bytes; raise maxBytes if it is genuine");
    assertThat(e.lineNumber()).isZero();
  }

  @Test
  void streamsExactlyAtTheLimitAreAccepted() throws Exception {
    PrometheusTextParser small = new PrometheusTextParser(65536);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() + 20 < 65536; i++) {
      sb.append("m{i=\"").append(i).append("\"} 1\n");
    }
    while (sb.length() < 65536) {
      sb.append('\n');
    }
    Exposition e =
        small.parse(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)));
    assertThat(e.require("m").samples()).isNotEmpty();
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
