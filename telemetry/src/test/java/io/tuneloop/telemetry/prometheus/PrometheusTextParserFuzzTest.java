package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * A bounded fuzz run over mutated real captures: the broker's and the bookie's {@code /metrics}
 * from the fixture's Pulsar 4.0.7, each cut to a random window of lines and then given one to four
 * mutations (byte flips, truncation, huge or odd numbers, bad UTF-8, label escapes, duplicated
 * series and TYPE lines, giant lines). Every input must parse, or fail with a {@link
 * PrometheusParseException} that names a line and stays short, within a time limit (no hang).
 * Inputs are bounded to a few MB, so an out-of-memory error would be a parser bug.
 *
 * <p>10,000 tries: about 20-30 s on a loaded 2-core machine. jqwik draws new inputs each run and
 * prints the seed of a failing one.
 */
class PrometheusTextParserFuzzTest {
  private static final int MAX_INPUT = 4 * 1024 * 1024;
  private static final long PARSE_LIMIT_SECONDS = 10;

  private final List<byte[]> captures =
      List.of(
          resource("/prometheus/broker-metrics.txt"), resource("/prometheus/bookie-metrics.txt"));
  private final PrometheusTextParser parser = new PrometheusTextParser(MAX_INPUT * 2);
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final AtomicInteger parsed = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  /** One mutation of an input; applied in sequence. */
  sealed interface Mutation {
    byte[] apply(byte[] in);
  }

  record FlipBytes(List<Double> where, byte xor) implements Mutation {
    public byte[] apply(byte[] in) {
      byte[] out = in.clone();
      for (double w : where) {
        if (out.length > 0) {
          int at = Math.min(out.length - 1, (int) (w * out.length));
          out[at] ^= xor == 0 ? 1 : xor;
        }
      }
      return out;
    }
  }

  record Truncate(double at) implements Mutation {
    public byte[] apply(byte[] in) {
      byte[] out = new byte[(int) (in.length * at)];
      System.arraycopy(in, 0, out, 0, out.length);
      return out;
    }
  }

  /** Replaces the value of a sample line with an odd or huge number. */
  record OddNumber(double line, String value) implements Mutation {
    public byte[] apply(byte[] in) {
      List<String> lines = lines(in);
      if (lines.isEmpty()) {
        return in;
      }
      int i = (int) (line * lines.size()) % lines.size();
      String l = lines.get(i);
      int space = l.lastIndexOf(' ');
      if (space > 0 && !l.startsWith("#")) {
        lines.set(i, l.substring(0, space + 1) + value);
      }
      return join(lines);
    }
  }

  /** Inserts raw bytes (bad UTF-8, escapes, quotes, braces, NUL) at a point. */
  record Insert(double at, byte[] bytes) implements Mutation {
    public byte[] apply(byte[] in) {
      int p = (int) (at * in.length);
      byte[] out = new byte[in.length + bytes.length];
      System.arraycopy(in, 0, out, 0, p);
      System.arraycopy(bytes, 0, out, p, bytes.length);
      System.arraycopy(in, p, out, p + bytes.length, in.length - p);
      return out;
    }
  }

  /** Repeats one line (a duplicate series, or a second TYPE/HELP for a family) later on. */
  record DuplicateLine(double from, double to) implements Mutation {
    public byte[] apply(byte[] in) {
      List<String> lines = lines(in);
      if (lines.isEmpty()) {
        return in;
      }
      String l = lines.get((int) (from * lines.size()) % lines.size());
      lines.add((int) (to * lines.size()), l);
      return join(lines);
    }
  }

  /** A single giant line: a long name, label value or label set. */
  record GiantLine(double at, int length, int kind) implements Mutation {
    public byte[] apply(byte[] in) {
      String giant =
          switch (kind) {
            case 0 -> "m" + "x".repeat(length) + " 1";
            case 1 -> "m{l=\"" + "v".repeat(length) + "\"} 1";
            case 2 -> "m{" + "a=\"1\",".repeat(length / 6) + "} 1";
            default -> "# HELP m " + "h".repeat(length);
          };
      List<String> lines = lines(in);
      lines.add((int) (at * lines.size()), giant);
      return join(lines);
    }
  }

  @Property(tries = 10_000, afterFailure = net.jqwik.api.AfterFailureMode.RANDOM_SEED)
  void mutatedCapturesParseOrFailWithALineNumber(@ForAll("inputs") byte[] input)
      throws InterruptedException {
    assertThat(input.length).isLessThanOrEqualTo(MAX_INPUT);
    Future<Exposition> result = worker.submit(() -> parser.parse(input));
    try {
      Exposition e = result.get(PARSE_LIMIT_SECONDS, TimeUnit.SECONDS);
      assertThat(e.families()).isNotNull();
      parsed.incrementAndGet();
    } catch (TimeoutException e) {
      result.cancel(true);
      fail("parsing %d bytes took over %d s", input.length, PARSE_LIMIT_SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof PrometheusParseException p)) {
        throw new AssertionError("parser failed with " + cause, cause);
      }
      assertThat(p.lineNumber()).as(p.getMessage()).isPositive();
      assertThat(p.getMessage()).startsWith("line " + p.lineNumber() + ", column ");
      assertThat(p.getMessage().length()).isLessThan(400);
      refused.incrementAndGet();
    }
  }

  @AfterProperty
  void report() throws IOException {
    worker.shutdownNow();
    String line =
        String.format(
            "metrics text fuzz: tried %d, handled %d (parsed %d, refused with a line number %d)%n",
            parsed.get() + refused.get(),
            parsed.get() + refused.get(),
            parsed.get(),
            refused.get());
    System.out.print(line);
    Path report = Path.of("target", "fuzz-report.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, line);
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> window =
        Combinators.combine(
                Arbitraries.of(captures),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 4000))
            .as(PrometheusTextParserFuzzTest::window);
    return Combinators.combine(window, mutation().list().ofMinSize(1).ofMaxSize(4))
        .as(
            (w, ms) -> {
              byte[] b = w;
              for (Mutation m : ms) {
                b = m.apply(b);
              }
              return b.length > MAX_INPUT
                  ? new Truncate((double) MAX_INPUT / b.length).apply(b)
                  : b;
            });
  }

  private Arbitrary<Mutation> mutation() {
    Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
    return Arbitraries.oneOf(
        Combinators.combine(where.list().ofMinSize(1).ofMaxSize(16), Arbitraries.bytes())
            .as(FlipBytes::new),
        where.map(Truncate::new),
        Combinators.combine(
                where,
                Arbitraries.of(
                    "1e999999",
                    "-1e999999",
                    "9".repeat(400),
                    "0." + "0".repeat(400) + "1",
                    "NaN",
                    "+Inf",
                    "-Inf",
                    "Infinity",
                    "nan",
                    "0x1p3",
                    "1_000",
                    "1e",
                    "--1",
                    "1 9223372036854775808",
                    "1 -9223372036854775809",
                    "1 1e3",
                    ""))
            .as(OddNumber::new),
        Combinators.combine(
                where,
                Arbitraries.of(
                    new byte[] {(byte) 0xC3, 0x28},
                    new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
                    new byte[] {0},
                    "\\\"".getBytes(StandardCharsets.UTF_8),
                    "\\\\".getBytes(StandardCharsets.UTF_8),
                    "\\n".getBytes(StandardCharsets.UTF_8),
                    "\\x".getBytes(StandardCharsets.UTF_8),
                    "\"".getBytes(StandardCharsets.UTF_8),
                    "{".getBytes(StandardCharsets.UTF_8),
                    "}".getBytes(StandardCharsets.UTF_8),
                    ",,".getBytes(StandardCharsets.UTF_8),
                    "=".getBytes(StandardCharsets.UTF_8),
                    "\r".getBytes(StandardCharsets.UTF_8),
                    "\n# TYPE m histogram\n".getBytes(StandardCharsets.UTF_8),
                    "\n# TYPE m nonsense\n".getBytes(StandardCharsets.UTF_8),
                    "\nm_bucket{le=\"x\"} 1\n".getBytes(StandardCharsets.UTF_8),
                    "\nm{quantile=\"NaN\"} 1\n".getBytes(StandardCharsets.UTF_8)))
            .as(Insert::new),
        Combinators.combine(where, where).as(DuplicateLine::new),
        Combinators.combine(
                where,
                Arbitraries.integers().between(10_000, 2 * 1024 * 1024),
                Arbitraries.integers().between(0, 3))
            .as(GiantLine::new));
  }

  /** {@code count} whole lines of a capture from a point, so families are cut at random places. */
  private static byte[] window(byte[] capture, double start, int count) {
    List<String> lines = lines(capture);
    int from = (int) (start * lines.size()) % lines.size();
    return join(new ArrayList<>(lines.subList(from, Math.min(lines.size(), from + count))));
  }

  private static List<String> lines(byte[] in) {
    return new ArrayList<>(List.of(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
  }

  /** ISO-8859-1 both ways keeps every byte as it was, including invalid UTF-8. */
  private static byte[] join(List<String> lines) {
    return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] resource(String name) {
    try (InputStream in = PrometheusTextParserFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
