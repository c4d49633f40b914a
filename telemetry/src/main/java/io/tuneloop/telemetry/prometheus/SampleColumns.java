package io.tuneloop.telemetry.prometheus;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalLong;
import java.util.RandomAccess;

/**
 * An immutable list of samples stored as columns (names, label sets, values, timestamps) rather
 * than as one object per sample. A broker with 10k topics exposes about a million samples; keeping
 * them in a few arrays instead of a million small objects makes parsing several times cheaper for
 * the garbage collector. {@link #get(int)} creates the {@link Sample} view on demand, so two calls
 * return equal but not identical objects.
 */
final class SampleColumns extends AbstractList<Sample> implements RandomAccess {

  private final String[] names;
  private final Labels[] labels;
  private final double[] values;

  /** Null when no sample has a timestamp. */
  private final long[] timestamps;

  private final BitSet hasTimestamp;
  private final int size;

  private SampleColumns(
      String[] names,
      Labels[] labels,
      double[] values,
      long[] timestamps,
      BitSet hasTimestamp,
      int size) {
    this.names = names;
    this.labels = labels;
    this.values = values;
    this.timestamps = timestamps;
    this.hasTimestamp = hasTimestamp;
    this.size = size;
  }

  @Override
  public Sample get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + size);
    }
    OptionalLong ts =
        timestamps != null && hasTimestamp.get(index)
            ? OptionalLong.of(timestamps[index])
            : OptionalLong.empty();
    return new Sample(names[index], labels[index], values[index], ts);
  }

  @Override
  public int size() {
    return size;
  }

  /** Collects one family's samples during a parse. */
  static final class Builder {
    private String[] names = new String[8];
    private Labels[] labels = new Labels[8];
    private double[] values = new double[8];
    private long[] timestamps;
    private BitSet hasTimestamp;
    private int size;

    boolean isEmpty() {
      return size == 0;
    }

    void add(String name, Labels labelSet, double value) {
      if (size == names.length) {
        grow();
      }
      names[size] = name;
      labels[size] = labelSet;
      values[size] = value;
      size++;
    }

    void add(String name, Labels labelSet, double value, long timestamp) {
      if (size == names.length) {
        grow();
      }
      if (timestamps == null) {
        timestamps = new long[names.length];
        hasTimestamp = new BitSet();
      }
      hasTimestamp.set(size);
      timestamps[size] = timestamp;
      add(name, labelSet, value);
    }

    private void grow() {
      int cap = names.length * 2;
      names = Arrays.copyOf(names, cap);
      labels = Arrays.copyOf(labels, cap);
      values = Arrays.copyOf(values, cap);
      if (timestamps != null) {
        timestamps = Arrays.copyOf(timestamps, cap);
      }
    }

    SampleColumns build() {
      return new SampleColumns(
          Arrays.copyOf(names, size),
          Arrays.copyOf(labels, size),
          Arrays.copyOf(values, size),
          timestamps == null ? null : Arrays.copyOf(timestamps, size),
          hasTimestamp,
          size);
    }
  }
}
