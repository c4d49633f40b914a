package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Round trip (model to text to model) over generated expositions with every type, escapes, special
 * values and timestamps; and robustness: arbitrary, truncated or corrupted input yields a parsed
 * result or a short {@link PrometheusParseException}, never another exception.
 */
class PrometheusTextParserPropertyTest {

  private final PrometheusTextParser parser = new PrometheusTextParser();
  private final ExpositionWriter writer = new ExpositionWriter();

  @Property(tries = 300)
  void writtenExpositionsParseBackToTheSameModel(@ForAll("expositions") Exposition exposition) {
    String text = writer.write(exposition);
    Exposition parsed = parser.parse(text);
    assertThat(parsed.families()).isEqualTo(exposition.families());
  }

  @Property(tries = 300)
  void arbitraryBytesNeverEscapeAsAnotherException(@ForAll @Size(max = 300) byte[] input) {
    parseOrFailCleanly(input);
  }

  @Property(tries = 300)
  void truncatedValidInputNeverEscapesAsAnotherException(
      @ForAll("expositions") Exposition exposition, @ForAll("fractions") double cut) {
    byte[] text = writer.write(exposition).getBytes(StandardCharsets.UTF_8);
    int length = (int) (text.length * cut);
    byte[] truncated = new byte[length];
    System.arraycopy(text, 0, truncated, 0, length);
    parseOrFailCleanly(truncated);
  }

  @Property(tries = 300)
  void corruptedValidInputNeverEscapesAsAnotherException(
      @ForAll("expositions") Exposition exposition,
      @ForAll("fractions") double where,
      @ForAll byte replacement,
      @ForAll boolean insert) {
    byte[] text = writer.write(exposition).getBytes(StandardCharsets.UTF_8);
    if (text.length == 0) {
      return;
    }
    int at = Math.min(text.length - 1, (int) (text.length * where));
    byte[] corrupted;
    if (insert) {
      corrupted = new byte[text.length + 1];
      System.arraycopy(text, 0, corrupted, 0, at);
      corrupted[at] = replacement;
      System.arraycopy(text, at, corrupted, at + 1, text.length - at);
    } else {
      corrupted = text.clone();
      corrupted[at] = replacement;
    }
    parseOrFailCleanly(corrupted);
  }

  private void parseOrFailCleanly(byte[] input) {
    try {
      Exposition e = parser.parse(input);
      assertThat(e.families()).isNotNull();
    } catch (PrometheusParseException e) {
      assertThat(e.lineNumber()).isPositive();
      assertThat(e.getMessage().length()).isLessThan(400);
    }
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 1);
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<Exposition> expositions() {
    return family().list().ofMaxSize(6).map(PrometheusTextParserPropertyTest::uniqueNames);
  }

  /** Suffixing each name with _f<index> keeps names unique and clear of _sum/_count/_bucket. */
  private static Exposition uniqueNames(List<MetricFamily> families) {
    List<MetricFamily> out = new ArrayList<>();
    for (int i = 0; i < families.size(); i++) {
      MetricFamily f = families.get(i);
      String name = f.name() + "_f" + i;
      List<Sample> samples = new ArrayList<>();
      for (Sample s : f.samples()) {
        samples.add(
            new Sample(
                name + s.name().substring(f.name().length()),
                s.labels(),
                s.value(),
                s.timestampMillis()));
      }
      out.add(new MetricFamily(name, f.type(), f.help(), samples));
    }
    return new Exposition(out);
  }

  private Arbitrary<MetricFamily> family() {
    return Arbitraries.oneOf(simpleFamily(), histogramFamily(), summaryFamily());
  }

  private Arbitrary<String> metricName() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').with('_', ':', 'A', 'Z');
    Arbitrary<String> rest =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('_', ':')
            .ofMaxLength(12);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  private Arbitrary<String> labelName() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').with('_', 'Q');
    Arbitrary<String> rest =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('_')
            .ofMaxLength(8);
    return Combinators.combine(first, rest)
        .as((f, r) -> f + r)
        .filter(n -> !n.equals("le") && !n.equals("quantile"));
  }

  /** Any text without lone surrogates, rich in characters that need escaping. */
  private Arbitrary<String> text() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\uD7FF')
        .withCharRange('\uE000', '\uFFFD')
        .withChars('"', '\\', '\n', '{', '}', ',', '=', ' ')
        .ofMaxLength(20);
  }

  private Arbitrary<String> help() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        text().map(t -> t.replace("\r", "").strip()).filter(t -> t.equals(t.stripLeading())));
  }

  private Arbitrary<Labels> labels() {
    return Combinators.combine(labelName().list().ofMaxSize(4), text().list().ofSize(4))
        .as(
            (names, values) -> {
              Set<String> unique = new LinkedHashSet<>(names);
              List<String> kv = new ArrayList<>();
              int i = 0;
              for (String n : unique) {
                kv.add(n);
                kv.add(values.get(i++));
              }
              return Labels.of(kv.toArray(String[]::new));
            });
  }

  private Arbitrary<Double> value() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0),
        Arbitraries.integers().map(i -> (double) i));
  }

  private Arbitrary<OptionalLong> timestamp() {
    return Arbitraries.oneOf(
        Arbitraries.just(OptionalLong.empty()), Arbitraries.longs().map(OptionalLong::of));
  }

  private Arbitrary<MetricFamily> simpleFamily() {
    Arbitrary<MetricType> type =
        Arbitraries.of(MetricType.COUNTER, MetricType.GAUGE, MetricType.UNTYPED);
    Arbitrary<List<Sample>> samples =
        Combinators.combine(labels(), value(), timestamp())
            .as((l, v, t) -> new Sample("", l, v, t))
            .list()
            .ofMaxSize(5);
    return Combinators.combine(metricName(), type, help(), samples)
        .as(
            (name, t, h, raw) -> {
              List<Sample> unique = new ArrayList<>();
              Set<Labels> seen = new LinkedHashSet<>();
              for (Sample s : raw) {
                if (seen.add(s.labels())) {
                  unique.add(new Sample(name, s.labels(), s.value(), s.timestampMillis()));
                }
              }
              return new MetricFamily(name, t, h, unique);
            });
  }

  private Arbitrary<MetricFamily> histogramFamily() {
    Arbitrary<Set<Double>> bounds =
        Arbitraries.doubles().between(-1e6, 1e6).set().ofMaxSize(5).map(TreeSet::new);
    Arbitrary<List<Object[]>> series =
        Combinators.combine(labels(), bounds, Arbitraries.integers().between(0, 1000), value())
            .as((l, b, step, sum) -> new Object[] {l, b, step, sum})
            .list()
            .ofMaxSize(3);
    return Combinators.combine(metricName(), help(), series)
        .as(
            (name, h, raw) -> {
              List<Sample> samples = new ArrayList<>();
              Set<Labels> seen = new LinkedHashSet<>();
              for (Object[] s : raw) {
                Labels l = (Labels) s[0];
                if (!seen.add(l)) {
                  continue;
                }
                double count = 0;
                List<Double> les = new ArrayList<>((Set<Double>) s[1]);
                les.add(Double.POSITIVE_INFINITY);
                for (double le : les) {
                  count += (int) s[2];
                  samples.add(
                      new Sample(
                          name + "_bucket", with(l, "le", ExpositionNumbers.format(le)), count));
                }
                samples.add(new Sample(name + "_sum", l, (double) s[3]));
                samples.add(new Sample(name + "_count", l, count));
              }
              return new MetricFamily(name, MetricType.HISTOGRAM, h, samples);
            });
  }

  private Arbitrary<MetricFamily> summaryFamily() {
    Arbitrary<Set<Double>> quantiles = Arbitraries.doubles().between(0, 1).set().ofMaxSize(4);
    Arbitrary<List<Object[]>> series =
        Combinators.combine(labels(), quantiles, value())
            .as((l, q, v) -> new Object[] {l, q, v})
            .list()
            .ofMaxSize(3);
    return Combinators.combine(metricName(), help(), series)
        .as(
            (name, h, raw) -> {
              List<Sample> samples = new ArrayList<>();
              Set<Labels> seen = new LinkedHashSet<>();
              for (Object[] s : raw) {
                Labels l = (Labels) s[0];
                if (!seen.add(l)) {
                  continue;
                }
                for (double q : (Set<Double>) s[1]) {
                  samples.add(
                      new Sample(
                          name, with(l, "quantile", ExpositionNumbers.format(q)), (double) s[2]));
                }
                samples.add(new Sample(name + "_count", l, 3.0));
              }
              return new MetricFamily(name, MetricType.SUMMARY, h, samples);
            });
  }

  private static Labels with(Labels labels, String name, String value) {
    List<String> kv = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      kv.add(labels.name(i));
      kv.add(labels.value(i));
    }
    kv.add(name);
    kv.add(value);
    return Labels.of(kv.toArray(String[]::new));
  }
}
