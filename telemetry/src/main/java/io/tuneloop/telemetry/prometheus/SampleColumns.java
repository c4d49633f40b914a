package io.tuneloop.telemetry.prometheus;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalLong;
import java.util.RandomAccess;

/**
 * An immutable list of one family's samples, kept as columns (names, label sets, values,
 * timestamps) that all families of one parse share, rather than as one object per sample.
 *
 * <p>A broker with 10k topics exposes about a million samples. As objects they would all survive
 * young collections and be copied by the garbage collector while the parse is running; as a few
 * large arrays they are allocated outside the young generation and never copied. A family's samples
 * are the segments of the shared columns that it wrote to (usually one, as families are
 * contiguous). {@link #get(int)} creates the {@link Sample} view on demand, so two calls return
 * equal but not identical objects.
 */
final class SampleColumns extends AbstractList<Sample> implements RandomAccess {

  private final Store store;

  /** Segment k covers store positions [starts[k], starts[k] + (offsets[k+1] - offsets[k])). */
  private final int[] starts;

  /** offsets[k] is the family index of the first sample of segment k; offsets[last] = size. */
  private final int[] offsets;

  private SampleColumns(Store store, int[] starts, int[] offsets) {
    this.store = store;
    this.starts = starts;
    this.offsets = offsets;
  }

  @Override
  public Sample get(int index) {
    int size = size();
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("sample " + index + " of " + size);
    }
    int segment = 0;
    if (starts.length > 1) {
      segment = Arrays.binarySearch(offsets, 0, starts.length, index);
      if (segment < 0) {
        segment = -segment - 2;
      }
    }
    return store.sample(starts[segment] + index - offsets[segment]);
  }

  @Override
  public int size() {
    return offsets[starts.length];
  }

  /** The columns of one parse. Not thread-safe while filled; never changed once built. */
  static final class Store {
    private String[] names;
    private Labels[] labels;
    private double[] values;

    /** Null until a sample has a timestamp. */
    private long[] timestamps;

    private BitSet hasTimestamp;
    private int size;

    Store(int initialCapacity) {
      int cap = Math.max(16, initialCapacity);
      names = new String[cap];
      labels = new Labels[cap];
      values = new double[cap];
    }

    /** Appends a sample; returns its position. */
    int add(String name, Labels labelSet, double value) {
      if (size == names.length) {
        grow();
      }
      names[size] = name;
      labels[size] = labelSet;
      values[size] = value;
      return size++;
    }

    /** Appends a sample with a timestamp; returns its position. */
    int add(String name, Labels labelSet, double value, long timestamp) {
      if (size == names.length) {
        grow();
      }
      if (timestamps == null) {
        timestamps = new long[names.length];
        hasTimestamp = new BitSet();
      }
      timestamps[size] = timestamp;
      hasTimestamp.set(size);
      return add(name, labelSet, value);
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

    /** Gives back spare capacity when more than a quarter is unused. */
    void trim() {
      if (size < names.length - names.length / 4) {
        names = Arrays.copyOf(names, size);
        labels = Arrays.copyOf(labels, size);
        values = Arrays.copyOf(values, size);
        if (timestamps != null) {
          timestamps = Arrays.copyOf(timestamps, size);
        }
      }
    }

    Sample sample(int position) {
      OptionalLong ts =
          timestamps != null && hasTimestamp.get(position)
              ? OptionalLong.of(timestamps[position])
              : OptionalLong.empty();
      return new Sample(names[position], labels[position], values[position], ts);
    }
  }

  /** Collects the positions of one family's samples in a {@link Store}. */
  static final class Builder {
    private final Store store;
    private int[] starts = new int[1];
    private int[] offsets = new int[2];
    private int segments;
    private int size;
    private int nextPosition = -1;

    Builder(Store store) {
      this.store = store;
    }

    boolean isEmpty() {
      return size == 0;
    }

    void add(String name, Labels labelSet, double value) {
      record(store.add(name, labelSet, value));
    }

    void add(String name, Labels labelSet, double value, long timestamp) {
      record(store.add(name, labelSet, value, timestamp));
    }

    private void record(int position) {
      if (position != nextPosition) {
        // Another family wrote in between: start a new segment.
        if (segments == starts.length) {
          starts = Arrays.copyOf(starts, segments * 2);
          offsets = Arrays.copyOf(offsets, segments * 2 + 1);
        }
        starts[segments] = position;
        offsets[segments] = size;
        segments++;
      }
      size++;
      nextPosition = position + 1;
    }

    /** The family's samples; call after the store has been {@linkplain Store#trim() trimmed}. */
    SampleColumns build() {
      int[] s = Arrays.copyOf(starts, segments);
      int[] o = Arrays.copyOf(offsets, segments + 1);
      o[segments] = size;
      return new SampleColumns(store, s, o);
    }
  }
}
