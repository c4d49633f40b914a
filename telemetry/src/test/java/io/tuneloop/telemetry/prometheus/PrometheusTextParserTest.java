package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

  private final PrometheusTextParser parser = new PrometheusTextParser();

  private Exposition parse(String text) {
    return parser.parse(text);
  }

  @Test
  void helpAndTypeDescribeTheFamily() {
    Exposition e =
        parse(
            """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027
            http_requests_total{method="post",code="400"} 3
            """);
    MetricFamily f = e.require("http_requests_total");
    assertThat(f.type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.help()).isEqualTo("The total number of HTTP requests.");
    assertThat(f.samples()).hasSize(2);
    assertThat(f.samples().get(0).value()).isEqualTo(1027);
    assertThat(f.samples().get(1).labels()).isEqualTo(Labels.of("code", "400", "method", "post"));
  }

  @Test
  void everyTypeIsRecognisedCaseInsensitively() {
    Exposition e =
        parse(
            """
            # TYPE a counter
            a 1
            # TYPE b GAUGE
            b 2
            # TYPE c untyped
            c 3
            # TYPE d Histogram
            d_bucket{le="+Inf"} 4
            # TYPE e summary
            e_count 5
            """);
    assertThat(e.families())
        .extracting(MetricFamily::type)
        .containsExactly(
            MetricType.COUNTER,
            MetricType.GAUGE,
            MetricType.UNTYPED,
            MetricType.HISTOGRAM,
            MetricType.SUMMARY);
  }

  @Test
  void samplesWithoutTypeFormUntypedFamiliesNamedAfterTheSample() {
    Exposition e = parse("foo 1\nbar_count 2\n");
    assertThat(e.familyNames()).containsExactly("foo", "bar_count");
    assertThat(e.require("bar_count").type()).isEqualTo(MetricType.UNTYPED);
    assertThat(e.require("foo").help()).isEmpty();
  }

  @Test
  void helpTextUnescapesBackslashAndNewline() {
    Exposition e = parse("# HELP m line one\\nline \\\\two \"quoted\"\nm 1\n");
    assertThat(e.require("m").help()).isEqualTo("line one\nline \\two \"quoted\"");
  }

  @Test
  void helpWithoutTextIsEmpty() {
    assertThat(parse("# HELP m\nm 1\n").require("m").help()).isEmpty();
  }

  @Test
  void labelValuesUnescapeBackslashQuoteAndNewline() {
    Exposition e = parse("m{path=\"C:\\\\dir\\\\x\",msg=\"say \\\"hi\\\"\\nbye\"} 1\n");
    Labels labels = e.require("m").samples().get(0).labels();
    assertThat(labels.getOrNull("path")).isEqualTo("C:\\dir\\x");
    assertThat(labels.getOrNull("msg")).isEqualTo("say \"hi\"\nbye");
  }

  @Test
  void labelValuesMayHoldBracesCommasEqualsAndUtf8() {
    Exposition e = parse("m{a=\"{x},y=z\",b=\"héllo ✓ 日本\",c=\"\"} 1\n");
    Labels labels = e.require("m").samples().get(0).labels();
    assertThat(labels.asMap())
        .containsEntry("a", "{x},y=z")
        .containsEntry("b", "héllo ✓ 日本")
        .containsEntry("c", "");
  }

  @Test
  void metricNamesMayContainColons() {
    Exposition e = parse("# TYPE job:rate5m:sum gauge\njob:rate5m:sum{job=\"a\"} 0.5\n:x 1\n");
    assertThat(e.require("job:rate5m:sum").samples().get(0).value()).isEqualTo(0.5);
    assertThat(e.require(":x").samples()).hasSize(1);
  }

  @Test
  void specialValuesAndExponents() {
    Exposition e =
        parse(
            """
            a NaN
            b +Inf
            c -Inf
            d 1.5e3
            e -2E-2
            f 6.02214076e+23
            g .5
            h 0x1p-2
            i -0
            j 1234567890123456789012
            k Inf
            """);
    assertThat(value(e, "a")).isNaN();
    assertThat(value(e, "b")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(value(e, "c")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(value(e, "d")).isEqualTo(1500.0);
    assertThat(value(e, "e")).isEqualTo(-0.02);
    assertThat(value(e, "f")).isEqualTo(6.02214076e23);
    assertThat(value(e, "g")).isEqualTo(0.5);
    assertThat(value(e, "h")).isEqualTo(0.25);
    assertThat(Double.doubleToRawLongBits(value(e, "i")))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(value(e, "j")).isEqualTo(1.234567890123456789012e21);
    assertThat(value(e, "k")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  private static double value(Exposition e, String family) {
    return e.require(family).samples().get(0).value();
  }

  @Test
  void timestampsAreOptionalMilliseconds() {
    Exposition e = parse("a 1 1700000000123\nb 2\nc 3 -5\n");
    assertThat(e.require("a").samples().get(0).timestampMillis())
        .isEqualTo(OptionalLong.of(1700000000123L));
    assertThat(e.require("b").samples().get(0).timestampMillis()).isEmpty();
    assertThat(e.require("c").samples().get(0).timestampMillis()).isEqualTo(OptionalLong.of(-5));
  }

  @Test
  void blankLinesCommentsAndBlanksAroundTokensAreIgnored() {
    Exposition e =
        parse(
            "\n\n# just a comment\n#\n   \n\t# indented comment\n"
                + "m { a = \"1\" , b=\"2\", } \t 7 \t 99 \r\n"
                + "# a comment that mentions TYPE and HELP\n");
    Sample s = e.require("m").samples().get(0);
    assertThat(s.labels()).isEqualTo(Labels.of("a", "1", "b", "2"));
    assertThat(s.value()).isEqualTo(7);
    assertThat(s.timestampMillis()).isEqualTo(OptionalLong.of(99));
  }

  @Test
  void olderPulsarLabelLayoutWithSpacesAfterCommasParses() {
    Exposition e =
        parse(
            "pulsar_rate_in{cluster=\"standalone\", namespace=\"public/default\","
                + " topic=\"persistent://public/default/t\"} 12.5 1700000000000\n");
    Sample s = e.require("pulsar_rate_in").samples().get(0);
    assertThat(s.label("topic")).isEqualTo("persistent://public/default/t");
    assertThat(s.label("namespace")).isEqualTo("public/default");
  }

  @Test
  void crlfLineEndingsAndAMissingFinalNewlineAreAccepted() {
    Exposition e = parse("# TYPE a gauge\r\na 1\r\nb 2");
    assertThat(value(e, "a")).isEqualTo(1);
    assertThat(value(e, "b")).isEqualTo(2);
  }

  @Test
  void histogramSamplesGroupIntoTheirFamily() {
    Exposition e =
        parse(
            """
            # HELP rpc_seconds RPC latency.
            # TYPE rpc_seconds histogram
            rpc_seconds_bucket{svc="a",le="0.1"} 1
            rpc_seconds_bucket{svc="a",le="0.5"} 3
            rpc_seconds_bucket{svc="a",le="+Inf"} 4
            rpc_seconds_sum{svc="a"} 1.7
            rpc_seconds_count{svc="a"} 4
            rpc_seconds_bucket{svc="b",le="+Inf"} 0
            rpc_seconds_bucket{svc="b",le="1"} 0
            rpc_seconds_count{svc="b"} 0
            """);
    assertThat(e.familyNames()).containsExactly("rpc_seconds");
    List<Histogram> hs = e.require("rpc_seconds").histograms();
    assertThat(hs).hasSize(2);
    Histogram a = hs.get(0);
    assertThat(a.labels()).isEqualTo(Labels.of("svc", "a"));
    assertThat(a.buckets())
        .containsExactly(
            new Bucket(0.1, 1), new Bucket(0.5, 3), new Bucket(Double.POSITIVE_INFINITY, 4));
    assertThat(a.sum()).isEqualTo(1.7);
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.quantile(0.5)).isCloseTo(0.3, within(1e-12));
    Histogram b = hs.get(1);
    assertThat(b.buckets())
        .extracting(Bucket::upperBound)
        .containsExactly(1.0, Double.POSITIVE_INFINITY);
    assertThat(b.sum()).isNaN();
    assertThat(b.quantile(0.5)).isNaN();
    assertThat(e.require("rpc_seconds").histogram(Labels.of("svc", "a"))).contains(a);
  }

  @Test
  void summarySamplesGroupIntoTheirFamily() {
    Exposition e =
        parse(
            """
            # TYPE bookie_journal_JOURNAL_ADD_ENTRY summary
            bookie_journal_JOURNAL_ADD_ENTRY{success="true",quantile="0.5"} 1.2
            bookie_journal_JOURNAL_ADD_ENTRY{success="true",quantile="0.99"} 8.5
            bookie_journal_JOURNAL_ADD_ENTRY{success="true",quantile="0.9"} 4.0
            bookie_journal_JOURNAL_ADD_ENTRY_count{success="true"} 1000
            bookie_journal_JOURNAL_ADD_ENTRY_sum{success="true"} 1500.0
            bookie_journal_JOURNAL_ADD_ENTRY{success="false",quantile="0.5"} NaN
            bookie_journal_JOURNAL_ADD_ENTRY_count{success="false"} 0
            """);
    MetricFamily f = e.require("bookie_journal_JOURNAL_ADD_ENTRY");
    List<Summary> summaries = f.summaries();
    assertThat(summaries).hasSize(2);
    Summary ok = summaries.get(0);
    assertThat(ok.labels()).isEqualTo(Labels.of("success", "true"));
    assertThat(ok.quantiles()).extracting(Quantile::quantile).containsExactly(0.5, 0.9, 0.99);
    assertThat(ok.quantile(0.99)).hasValue(8.5);
    assertThat(ok.quantile(0.75)).isEmpty();
    assertThat(ok.mean()).isEqualTo(1.5);
    assertThat(summaries.get(1).quantile(0.5).getAsDouble()).isNaN();
    assertThat(summaries.get(1).sum()).isNaN();
    assertThat(f.summary(Labels.of("success", "false"))).isPresent();
  }

  @Test
  void histogramsAndSummariesRefuseOtherTypes() {
    MetricFamily gauge = parse("# TYPE g gauge\ng 1\n").require("g");
    assertThatThrownBy(gauge::histograms).hasMessageContaining("g is a gauge, not a histogram");
    assertThatThrownBy(gauge::summaries).hasMessageContaining("g is a gauge, not a summary");
  }

  @Test
  void nonContiguousSamplesOfAFamilyAreMerged() {
    Exposition e = parse("# TYPE a gauge\na{x=\"1\"} 1\nb 2\na{x=\"2\"} 3\n");
    assertThat(e.require("a").samples()).extracting(Sample::value).containsExactly(1.0, 3.0);
  }

  @Test
  void repeatedIdenticalHeadersAreAccepted() {
    Exposition e =
        parse(
            """
            # HELP a A thing.
            # TYPE a gauge
            a{ns="1"} 1
            # HELP a A thing.
            # TYPE a gauge
            a{ns="2"} 2
            """);
    assertThat(e.require("a").samples()).hasSize(2);
  }

  @Test
  void helpBeforeTypeAndHeadersWithoutSamples() {
    Exposition e = parse("# HELP h Help first.\n# TYPE h histogram\n# TYPE empty gauge\n");
    assertThat(e.require("h").type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(e.require("h").help()).isEqualTo("Help first.");
    assertThat(e.require("empty").samples()).isEmpty();
  }

  @Test
  void labelOrderDoesNotMatterForEquality() {
    Exposition e = parse("m{b=\"2\",a=\"1\"} 1\nn{a=\"1\",b=\"2\"} 1\n");
    assertThat(e.require("m").samples().get(0).labels())
        .isEqualTo(e.require("n").samples().get(0).labels())
        .hasToString("{a=\"1\",b=\"2\"}");
  }

  @Test
  void namesAreInterned() {
    Exposition e = parse("m{topic=\"t1\"} 1\nm{topic=\"t2\"} 2\n");
    List<Sample> samples = e.require("m").samples();
    assertThat(samples.get(0).labels().name(0)).isSameAs(samples.get(1).labels().name(0));
    assertThat(samples.get(0).name()).isSameAs(samples.get(1).name());
    assertThat(samples.get(0).name()).isSameAs("m".intern());
  }

  @Test
  void lookupsByFamilyAndLabel() {
    Exposition e =
        parse(
            """
            # TYPE pulsar_rate_in gauge
            pulsar_rate_in{namespace="a/b",topic="t1"} 10
            pulsar_rate_in{namespace="a/b",topic="t2"} 20
            pulsar_rate_in{namespace="a/c",topic="t3"} 5
            # TYPE pulsar_rate_out gauge
            pulsar_rate_out{namespace="a/b",topic="t1"} 7
            """);
    MetricFamily in = e.require("pulsar_rate_in");
    assertThat(in.samplesWithLabel("namespace", "a/b"))
        .extracting(Sample::value)
        .containsExactly(10.0, 20.0);
    assertThat(in.labelValues("topic")).containsExactly("t1", "t2", "t3");
    assertThat(in.groupByLabel("namespace")).containsOnlyKeys("a/b", "a/c");
    assertThat(in.sum()).isEqualTo(35);
    assertThat(in.sample(Labels.of("topic", "t2", "namespace", "a/b")).orElseThrow().value())
        .isEqualTo(20);
    assertThat(in.sample(Labels.of("topic", "t9"))).isEmpty();
    assertThat(e.samplesWithLabel("topic", "t1"))
        .extracting(Sample::name)
        .containsExactly("pulsar_rate_in", "pulsar_rate_out");
    assertThat(e.familiesWithPrefix("pulsar_rate_")).hasSize(2);
    assertThat(e.family("nope")).isEmpty();
    assertThat(e.sampleCount()).isEqualTo(4);
    assertThatThrownBy(() -> e.require("nope"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no metric family nope");
  }

  @Test
  void parsesFromEveryByteSource() throws IOException {
    String text = "# TYPE a gauge\na{x=\"y\"} 1.5\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[bytes.length + 10];
    System.arraycopy(bytes, 0, padded, 5, bytes.length);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    ByteBuffer slice = ByteBuffer.wrap(padded, 5, bytes.length).slice();
    List<Exposition> all =
        List.of(
            parser.parse(bytes),
            parser.parse(padded, 5, bytes.length),
            parser.parse(direct),
            parser.parse(slice),
            parser.parse(new ByteArrayInputStream(bytes)),
            parser.parse(text));
    for (Exposition e : all) {
      assertThat(e.require("a").samples())
          .containsExactly(new Sample("a", Labels.of("x", "y"), 1.5));
    }
    assertThat(direct.position()).isZero();
  }

  @Test
  void readsLargeStreamsBeyondTheInitialBuffer() throws IOException {
    StringBuilder sb = new StringBuilder("# TYPE m gauge\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append("m{i=\"").append(i).append("\"} ").append(i).append('\n');
    }
    Exposition e =
        parser.parse(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(e.require("m").samples()).hasSize(20_000);
    assertThat(e.require("m").samples().get(19_999).value()).isEqualTo(19_999);
  }

  @Test
  void javaSimpleclientCountersKeepTotalAndCreatedSamplesInTheFamily() {
    Exposition e =
        parse(
            """
            # HELP jvm_threads_started Started threads.
            # TYPE jvm_threads_started counter
            jvm_threads_started_total{cluster="standalone"} 162.0
            jvm_threads_started_created{cluster="standalone"} 1.7953042774E9
            # TYPE rpc summary
            rpc_count 1
            rpc_created 1.7E9
            """);
    assertThat(e.familyNames()).containsExactly("jvm_threads_started", "rpc");
    MetricFamily f = e.require("jvm_threads_started");
    assertThat(f.samples())
        .extracting(Sample::name)
        .containsExactly("jvm_threads_started_total", "jvm_threads_started_created");
    assertThat(f.valueSamples()).extracting(Sample::value).containsExactly(162.0);
    assertThat(f.sum()).isEqualTo(162);
    assertThat(f.sample(Labels.of("cluster", "standalone")).orElseThrow().value()).isEqualTo(162);
    assertThat(e.familyOfSample("jvm_threads_started_total")).contains(f);
    assertThat(e.familyOfSample("jvm_threads_started_created")).contains(f);
    assertThat(e.familyOfSample("jvm_threads_started_count")).isEmpty();
    assertThat(e.familyOfSample("rpc_created")).contains(e.require("rpc"));
    assertThat(e.familyOfSample("rpc_total")).isEmpty();
    assertThat(e.familyOfSample("nope")).isEmpty();
  }

  @Test
  void aFamilyDeclaringACountersTotalNameTakesItOverWhileUnused() {
    Exposition e =
        parse(
            """
            # TYPE x counter
            x 1
            # TYPE x_total gauge
            x_total 2
            """);
    assertThat(e.require("x").samples()).extracting(Sample::value).containsExactly(1.0);
    assertThat(e.require("x_total").type()).isEqualTo(MetricType.GAUGE);
    assertThat(e.require("x_total").samples()).extracting(Sample::value).containsExactly(2.0);
    Exposition declaredFirst =
        parse("# TYPE x_created gauge\nx_created 5\n# TYPE x counter\nx_total 1\n");
    assertThat(declaredFirst.require("x_created").samples()).hasSize(1);
    assertThat(declaredFirst.require("x").samples()).hasSize(1);
  }

  @Test
  void repeatedLabelBlocksInChangingOrderKeepTheirOwnLabels() {
    // The parser predicts each label block from the order seen in the previous family; every
    // kind of wrong prediction must fall back to a full parse.
    Exposition e =
        parse(
            """
            a{t="1"} 1
            a{t="2"} 2
            a{t="3"} 3
            b{t="1"} 1
            b{t="2",x="y"} 2
            b{t="3"} 3
            c{t="1"} 1
            c{t="2"} 2
            c{t="2}"} 5
            c{t="3"} 3
            d{t="1"} 1
            d{t="3"} 3
            d{t="2"} 2
            d{} 0
            d{t="2\\\\"} 4
            """);
    for (String family : List.of("a", "b", "c", "d")) {
      for (Sample s : e.require(family).samples()) {
        String expected =
            switch ((int) s.value()) {
              case 0 -> null;
              case 4 -> "2\\";
              case 5 -> "2}";
              default -> Integer.toString((int) s.value());
            };
        assertThat(s.label("t")).as(family + " " + s).isEqualTo(expected);
      }
    }
    assertThat(e.require("b").samples().get(1).labels()).isEqualTo(Labels.of("t", "2", "x", "y"));
    assertThat(e.sampleCount()).isEqualTo(15);
  }
}
