package io.tuneloop.tuning.model;

/**
 * Encoded training examples as flat float arrays, row-major: {@code rows x inputs} normalised
 * inputs and {@code rows x outputs} normalised targets. Built once, sliced into minibatches by
 * copying rows (faster than DL4J's {@code DataSet.batchBy}).
 */
public record TrainingData(float[] x, float[] y, int rows, int inputs, int outputs) {
  public TrainingData {
    if (rows < 0 || inputs < 1 || outputs < 1) {
      throw new IllegalArgumentException(
          "rows=" + rows + " inputs=" + inputs + " outputs=" + outputs + " is not a shape");
    }
    if (x.length != (long) rows * inputs || y.length != (long) rows * outputs) {
      throw new IllegalArgumentException(
          "arrays of " + x.length + " and " + y.length + " values do not fit " + rows + " rows");
    }
  }

  /** Rows {@code [from, to)} as a new data set. */
  public TrainingData slice(int from, int to) {
    if (from < 0 || to > rows || from > to) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + to + ") outside [0, " + rows + ")");
    }
    float[] sx = java.util.Arrays.copyOfRange(x, from * inputs, to * inputs);
    float[] sy = java.util.Arrays.copyOfRange(y, from * outputs, to * outputs);
    return new TrainingData(sx, sy, to - from, inputs, outputs);
  }
}
