package io.tuneloop.telemetry.prometheus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An open-addressing map from byte sequences to values, looked up by a range of a larger array so
 * that a hit allocates nothing. Used by one parse run only (not thread-safe), to intern names and
 * label values and to remember parsed label sets.
 */
final class ByteKeyTable<V> {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[][] keys;
  private int[] hashes;
  private Object[] values;
  private int size;
  private int mask;

  ByteKeyTable(int initialCapacity) {
    int cap = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
    keys = new byte[cap][];
    hashes = new int[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  /** A fast 32-bit hash of {@code b[from, to)}, reading eight bytes at a time. */
  static int hash(byte[] b, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return (int) (h ^ (h >>> 32));
  }

  @SuppressWarnings("unchecked")
  V get(byte[] b, int from, int to, int hash) {
    int len = to - from;
    int slot = hash & mask;
    while (true) {
      byte[] k = keys[slot];
      if (k == null) {
        return null;
      }
      // Compare hashes first: reading the key array is a likely cache miss.
      if (hashes[slot] == hash && k.length == len && Arrays.equals(k, 0, len, b, from, to)) {
        return (V) values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds a copy of a key that {@link #get} just reported absent. */
  void put(byte[] b, int from, int to, int hash, V value) {
    putKey(Arrays.copyOfRange(b, from, to), hash, value);
  }

  /** Adds a key that {@link #get} just reported absent, keeping (not copying) the array. */
  void putKey(byte[] key, int hash, V value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int slot = hash & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    hashes[slot] = hash;
    values[slot] = value;
    size++;
  }

  int size() {
    return size;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    int cap = oldKeys.length * 2;
    keys = new byte[cap][];
    hashes = new int[cap];
    values = new Object[cap];
    mask = cap - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = oldHashes[i] & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        hashes[slot] = oldHashes[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
