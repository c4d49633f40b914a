package io.tuneloop.tuning.knobs;

/**
 * The value type of a knob. Values travel as {@code double} inside Tuneloop (they are model inputs)
 * and as the strings Pulsar expects at the edges; this type says which doubles are legal and how
 * they are written.
 */
public enum KnobType {
  /** A whole number (counts, milliseconds, bytes, megabytes). */
  INTEGER,
  /** {@code true}/{@code false}, held as 1/0. */
  BOOLEAN;

  /** Whether {@code value} is a legal value of this type (range aside). */
  public boolean accepts(double value) {
    return switch (this) {
      case INTEGER -> Double.isFinite(value) && value == Math.rint(value);
      case BOOLEAN -> value == 0.0 || value == 1.0;
    };
  }

  /** The value as Pulsar writes it in a .conf file or the admin API. */
  public String format(double value) {
    return switch (this) {
      case INTEGER -> Long.toString((long) value);
      case BOOLEAN -> value == 1.0 ? "true" : "false";
    };
  }

  /**
   * Parses a value as Pulsar reports it.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public double parse(String text) {
    String t = text.trim();
    return switch (this) {
      case INTEGER -> {
        try {
          yield Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
      }
      case BOOLEAN -> {
        if (t.equalsIgnoreCase("true")) {
          yield 1.0;
        }
        if (t.equalsIgnoreCase("false")) {
          yield 0.0;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
      }
    };
  }
}
