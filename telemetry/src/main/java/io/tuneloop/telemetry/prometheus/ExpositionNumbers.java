package io.tuneloop.telemetry.prometheus;

import java.nio.charset.StandardCharsets;

/**
 * Number syntax of the exposition format, which follows Go's {@code strconv.ParseFloat}: decimal
 * and hexadecimal floating point, {@code NaN}, {@code Inf} / {@code +Inf} / {@code -Inf} (and
 * {@code Infinity}), case-insensitive; no surrounding whitespace, no Java suffixes such as {@code
 * d}/{@code f}, no digit separators.
 *
 * <p>Decimal values with at most 15 significant digits and a small exponent take an exact fast path
 * (a product or quotient of two exactly representable doubles is correctly rounded); others fall
 * back to {@link Double#parseDouble}, after the grammar has been checked here.
 */
final class ExpositionNumbers {

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** Mantissas below this (2^53) are exact doubles. */
  private static final long MAX_EXACT = 1L << 53;

  private ExpositionNumbers() {}

  /** Parses a float token; throws {@link NumberFormatException} when it is not one. */
  static double parseDouble(byte[] b, int from, int to) {
    if (from >= to) {
      throw new NumberFormatException("empty number");
    }
    int i = from;
    boolean negative = false;
    byte c = b[i];
    if (c == '+' || c == '-') {
      negative = c == '-';
      i++;
      if (i == to) {
        throw new NumberFormatException("sign without digits");
      }
      c = b[i];
    }
    if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
      return special(b, from, i, to, negative);
    }
    if (c == '0' && i + 1 < to && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
      return hex(b, from, i + 2, to);
    }
    long mantissa = 0;
    int digits = 0; // significant digits accumulated into mantissa
    int dropped = 0; // integer digits that did not fit (scale up)
    int fractionDigits = 0; // fraction digits accumulated (scale down)
    boolean sawDigit = false;
    boolean exactMantissa = true;
    while (i < to && (c = b[i]) >= '0' && c <= '9') {
      sawDigit = true;
      if (digits < 18) {
        mantissa = mantissa * 10 + (c - '0');
        if (mantissa != 0) {
          digits++;
        }
      } else {
        dropped++;
        exactMantissa &= c == '0';
      }
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && (c = b[i]) >= '0' && c <= '9') {
        sawDigit = true;
        if (digits < 18) {
          mantissa = mantissa * 10 + (c - '0');
          fractionDigits++;
          if (mantissa != 0) {
            digits++;
          }
        } else {
          exactMantissa &= c == '0';
        }
        i++;
      }
    }
    if (!sawDigit) {
      throw new NumberFormatException("no digits");
    }
    int exponent = 0;
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i == to) {
        throw new NumberFormatException("exponent without digits");
      }
      while (i < to && (c = b[i]) >= '0' && c <= '9') {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (c - '0');
        }
        i++;
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      throw new NumberFormatException("unexpected character");
    }
    int scale = exponent + dropped - fractionDigits;
    double result;
    if (exactMantissa && mantissa < MAX_EXACT && scale >= -22 && scale <= 22) {
      result = scale >= 0 ? (double) mantissa * POW10[scale] : (double) mantissa / POW10[-scale];
      return negative ? -result : result;
    }
    if (mantissa == 0 && exactMantissa) {
      return negative ? -0.0 : 0.0;
    }
    // The grammar is valid and is a subset of Java's, so Java parses it to the same value.
    return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
  }

  private static double special(byte[] b, int from, int i, int to, boolean negative) {
    int len = to - i;
    if (matches(b, i, to, "inf") || matches(b, i, to, "infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (i == from && len == 3 && matches(b, i, to, "nan")) {
      return Double.NaN;
    }
    throw new NumberFormatException("not a number");
  }

  private static boolean matches(byte[] b, int from, int to, String lowerWord) {
    if (to - from != lowerWord.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      if ((b[from + k] | 0x20) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Go's hex float: 0x mantissa (with optional '.') and a mandatory p exponent. */
  private static double hex(byte[] b, int from, int i, int to) {
    boolean sawDigit = false;
    while (i < to && isHex(b[i])) {
      sawDigit = true;
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isHex(b[i])) {
        sawDigit = true;
        i++;
      }
    }
    if (!sawDigit || i >= to || (b[i] != 'p' && b[i] != 'P')) {
      throw new NumberFormatException("bad hex float");
    }
    i++;
    if (i < to && (b[i] == '+' || b[i] == '-')) {
      i++;
    }
    if (i == to) {
      throw new NumberFormatException("bad hex exponent");
    }
    while (i < to) {
      if (b[i] < '0' || b[i] > '9') {
        throw new NumberFormatException("bad hex exponent");
      }
      i++;
    }
    return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Parses a float from a string (label values such as {@code le} and {@code quantile}). */
  static double parseDouble(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return parseDouble(bytes, 0, bytes.length);
  }

  /** Parses a signed 64-bit integer token (timestamps); throws on anything else or overflow. */
  static long parseLong(byte[] b, int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '+' || b[i] == '-')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == to) {
      throw new NumberFormatException("no digits");
    }
    long value = 0;
    for (; i < to; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not an integer");
      }
      // Accumulate negatively so that Long.MIN_VALUE fits.
      if (value < (Long.MIN_VALUE + (c - '0')) / 10) {
        throw new NumberFormatException("integer overflow");
      }
      value = value * 10 - (c - '0');
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw new NumberFormatException("integer overflow");
      }
      return -value;
    }
    return value;
  }

  /** Formats a double the way the exposition format expects ({@code NaN}, {@code +Inf}...). */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return Double.toString(v);
  }
}
