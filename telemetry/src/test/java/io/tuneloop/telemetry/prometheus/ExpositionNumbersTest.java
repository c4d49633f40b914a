package io.tuneloop.telemetry.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExpositionNumbersTest {

  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ExpositionNumbers.parseDouble(b, 0, b.length);
  }

  @Property
  void everyDoubleRoundTripsThroughItsShortestForm(@ForAll double value) {
    double parsed = parse(ExpositionNumbers.format(value));
    assertThat(Double.doubleToRawLongBits(parsed)).isEqualTo(Double.doubleToRawLongBits(value));
  }

  @Property
  void decimalLiteralsMatchJava(@ForAll("decimals") String literal) {
    assertThat(parse(literal)).isEqualTo(Double.parseDouble(literal));
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
    Arbitrary<String> sign = Arbitraries.of("", "-", "+");
    Arbitrary<String> exponent =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.integers().between(-340, 340).map(e -> "e" + e),
            Arbitraries.integers().between(-25, 25).map(e -> "E" + e));
    return Combinators.combine(sign, digits, Arbitraries.of(true, false), digits, exponent)
        .as((s, whole, dot, fraction, exp) -> s + whole + (dot ? "." + fraction : "") + exp)
        .filter(s -> !Double.isInfinite(Double.parseDouble(s)));
  }

  @Test
  void integerEdgeCases() {
    assertThat(parse("9007199254740993")).isEqualTo(9007199254740992.0);
    assertThat(parse("0.1")).isEqualTo(0.1);
    assertThat(parse("123456789012345678")).isEqualTo(1.23456789012345678e17);
    assertThat(parse("0.000000000000000000000000001")).isEqualTo(1e-27);
    assertThat(parse("4.9e-324")).isEqualTo(Double.MIN_VALUE);
    assertThat(parse("1e-400")).isEqualTo(0.0);
    assertThat(parse("INFINITY")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("nan")).isNaN();
    assertThat(parse("0X1.8P1")).isEqualTo(3.0);
  }

  @Test
  void rejectsJavaOnlyForms() {
    for (String s : new String[] {"1d", "1.0f", " 1", "1 ", "Infinityx", "0x1", "1__0"}) {
      assertThatThrownBy(() -> parse(s)).as(s).isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void longs() {
    byte[] b = "12 -34 +5".getBytes(StandardCharsets.US_ASCII);
    assertThat(ExpositionNumbers.parseLong(b, 0, 2)).isEqualTo(12);
    assertThat(ExpositionNumbers.parseLong(b, 3, 6)).isEqualTo(-34);
    assertThat(ExpositionNumbers.parseLong(b, 7, 9)).isEqualTo(5);
  }
}
