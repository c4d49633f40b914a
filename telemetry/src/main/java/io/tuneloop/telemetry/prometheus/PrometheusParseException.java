package io.tuneloop.telemetry.prometheus;

/**
 * The input is not valid Prometheus text exposition format 0.0.4. The message names the 1-based
 * line and column and quotes a short, truncated excerpt of the offending line, so it stays small
 * whatever the input.
 */
public final class PrometheusParseException extends RuntimeException {

  private final int lineNumber;
  private final int column;
  private final String excerpt;

  PrometheusParseException(String problem, int lineNumber, int column, String excerpt) {
    super(
        lineNumber > 0
            ? "line " + lineNumber + ", column " + column + ": " + problem + ": " + excerpt
            : problem);
    this.lineNumber = lineNumber;
    this.column = column;
    this.excerpt = excerpt;
  }

  /** A problem with the input as a whole rather than one line (such as its size). */
  PrometheusParseException(String problem) {
    this(problem, 0, 0, "");
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole input. */
  public int lineNumber() {
    return lineNumber;
  }

  /** The 1-based byte column of the problem within its line, or 0. */
  public int column() {
    return column;
  }

  /** A quoted, truncated excerpt of the offending line (at most a few dozen characters). */
  public String excerpt() {
    return excerpt;
  }
}
