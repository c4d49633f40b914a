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
 *
 * <p>Columns are kept in chunks of {@value #CHUNK} entries so that growing a family never copies
 * what was already collected.
 */
final class SampleColumns extends AbstractList<Sample> implements RandomAccess {

  private static final int SHIFT = 10;
  static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private final String[][] names;
  private final Labels[][] labels;
  private final double[][] values;

  /** Null when no sample has a timestamp. */
  private final long[][] timestamps;

  private final BitSet hasTimestamp;
  private final int size;

  private SampleColumns(Builder b) {
    int chunks = (b.size + CHUNK - 1) >>> SHIFT;
    this.names = Arrays.copyOf(b.names, chunks);
    this.labels = Arrays.copyOf(b.labels, chunks);
    this.values = Arrays.copyOf(b.values, chunks);
    this.timestamps = b.timestamps == null ? null : Arrays.copyOf(b.timestamps, chunks);
    this.hasTimestamp = b.hasTimestamp;
    this.size = b.size;
  }

  @Override
  public Sample get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + size);
    }
    int c = index >>> SHIFT;
    int i = index & MASK;
    OptionalLong ts =
        timestamps != null && hasTimestamp.get(index)
            ? OptionalLong.of(timestamps[c][i])
            : OptionalLong.empty();
    return new Sample(names[c][i], labels[c][i], values[c][i], ts);
  }

  @Override
  public int size() {
    return size;
  }

  /** Collects one family's samples during a parse. */
  static final class Builder {
    private String[][] names = new String[4][];
    private Labels[][] labels = new Labels[4][];
    private double[][] values = new double[4][];
    private long[][] timestamps;
    private BitSet hasTimestamp;
    private int size;

    /** Capacity of chunk 0, which starts small for families with few samples. */
    private int capacity;

    boolean isEmpty() {
      return size == 0;
    }

    void add(String name, Labels labelSet, double value) {
      int c = size >>> SHIFT;
      int i = size & MASK;
      if (c == 0 ? i == capacity : i == 0) {
        grow(c);
      }
      names[c][i] = name;
      labels[c][i] = labelSet;
      values[c][i] = value;
      size++;
    }

    void add(String name, Labels labelSet, double value, long timestamp) {
      int c = size >>> SHIFT;
      int i = size & MASK;
      if (c == 0 ? i == capacity : i == 0) {
        grow(c);
      }
      if (timestamps == null) {
        timestamps = new long[names.length][];
        hasTimestamp = new BitSet();
      }
      if (timestamps[c] == null || timestamps[c].length < names[c].length) {
        timestamps[c] =
            timestamps[c] == null
                ? new long[names[c].length]
                : Arrays.copyOf(timestamps[c], names[c].length);
      }
      hasTimestamp.set(size);
      timestamps[c][i] = timestamp;
      names[c][i] = name;
      labels[c][i] = labelSet;
      values[c][i] = value;
      size++;
    }

    /** Makes room in chunk {@code c}: enlarges chunk 0, or starts chunk {@code c}. */
    private void grow(int c) {
      if (c >= names.length) {
        int n = names.length * 2;
        names = Arrays.copyOf(names, n);
        labels = Arrays.copyOf(labels, n);
        values = Arrays.copyOf(values, n);
        if (timestamps != null) {
          timestamps = Arrays.copyOf(timestamps, n);
        }
      }
      if (c == 0) {
        // Only the first chunk grows by copying, from 8 entries up to a full chunk.
        capacity = capacity == 0 ? 8 : Math.min(CHUNK, capacity * 2);
        names[0] = names[0] == null ? new String[capacity] : Arrays.copyOf(names[0], capacity);
        labels[0] = labels[0] == null ? new Labels[capacity] : Arrays.copyOf(labels[0], capacity);
        values[0] = values[0] == null ? new double[capacity] : Arrays.copyOf(values[0], capacity);
        if (timestamps != null && timestamps[0] != null) {
          timestamps[0] = Arrays.copyOf(timestamps[0], capacity);
        }
      } else {
        names[c] = new String[CHUNK];
        labels[c] = new Labels[CHUNK];
        values[c] = new double[CHUNK];
        if (timestamps != null) {
          timestamps[c] = new long[CHUNK];
        }
      }
    }

    SampleColumns build() {
      return new SampleColumns(this);
    }
  }
}
