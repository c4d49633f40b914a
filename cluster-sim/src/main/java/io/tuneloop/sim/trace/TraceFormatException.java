package io.tuneloop.sim.trace;

/** A trace file that cannot be read; the message names the file, the row and the column. */
public class TraceFormatException extends RuntimeException {
  private final int row;
  private final String column;

  public TraceFormatException(String source, int row, String column, String problem) {
    super(source + ": row " + row + (column == null ? "" : ", column " + column) + ": " + problem);
    this.row = row;
    this.column = column;
  }

  /** 1-based line number in the file (the header is row 1). */
  public int row() {
    return row;
  }

  /** Column name, or null when the problem is with the whole row. */
  public String column() {
    return column;
  }
}
