package io.tuneloop.telemetry.prometheus;

import java.util.Arrays;

/**
 * The (sample name id, label set id) pairs seen in one parse, to find duplicate series without
 * allocating per sample.
 *
 * <p>Ids are small and dense (both are handed out in order of first appearance), so each sample
 * name gets a bit set over label set ids: a broker's million samples cost about a megabyte and
 * mostly sequential memory access. If hostile input makes the bit sets sparse (many names, each
 * with a few far-apart label ids), the set switches to a hash set of packed pairs, whose size is
 * proportional to the number of samples whatever the input.
 */
final class SeriesKeySet {

  /** Bit set words allowed beyond a few per sample before switching to hashing. */
  private static final long BASE_WORD_BUDGET = 1L << 20;

  private long[][] bitsByName = new long[64][];
  private long wordsAllocated;
  private long pairs;
  private long[] hashTable;
  private int hashSize;

  /**
   * Adds the pair; returns false when it was already present.
   *
   * @param nameId a non-negative sample name id
   * @param labelsId a non-negative label set id
   */
  boolean add(int nameId, int labelsId) {
    if (hashTable != null) {
      return hashAdd(pack(nameId, labelsId));
    }
    if (nameId >= bitsByName.length) {
      bitsByName = Arrays.copyOf(bitsByName, Math.max(nameId + 1, bitsByName.length * 2));
    }
    long[] bits = bitsByName[nameId];
    int word = labelsId >>> 6;
    if (bits == null || word >= bits.length) {
      int oldLength = bits == null ? 0 : bits.length;
      int newLength = Math.max(word + 1, Math.max(4, oldLength * 2));
      if (wordsAllocated + newLength - oldLength > BASE_WORD_BUDGET + 4 * pairs) {
        switchToHashing();
        return hashAdd(pack(nameId, labelsId));
      }
      bits = bits == null ? new long[newLength] : Arrays.copyOf(bits, newLength);
      bitsByName[nameId] = bits;
      wordsAllocated += newLength - oldLength;
    }
    long mask = 1L << labelsId;
    if ((bits[word] & mask) != 0) {
      return false;
    }
    bits[word] |= mask;
    pairs++;
    return true;
  }

  private static long pack(int nameId, int labelsId) {
    // +1 so that no key is 0, which marks an empty slot.
    return (((long) nameId << 32) | (labelsId & 0xFFFFFFFFL)) + 1;
  }

  private void switchToHashing() {
    hashTable = new long[Integer.highestOneBit((int) Math.min(1 << 29, pairs * 2 + 16)) * 2];
    long[][] bitSets = bitsByName;
    bitsByName = null;
    for (int name = 0; name < bitSets.length; name++) {
      long[] bits = bitSets[name];
      if (bits == null) {
        continue;
      }
      for (int w = 0; w < bits.length; w++) {
        long word = bits[w];
        while (word != 0) {
          int bit = Long.numberOfTrailingZeros(word);
          hashAdd(pack(name, (w << 6) | bit));
          word &= word - 1;
        }
      }
    }
  }

  private boolean hashAdd(long key) {
    if ((hashSize + 1) * 2 > hashTable.length) {
      rehash();
    }
    int mask = hashTable.length - 1;
    int slot = mix(key) & mask;
    while (true) {
      long k = hashTable[slot];
      if (k == 0) {
        hashTable[slot] = key;
        hashSize++;
        return true;
      }
      if (k == key) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int mix(long key) {
    long h = key;
    h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
    h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return (int) (h ^ (h >>> 33));
  }

  private void rehash() {
    long[] old = hashTable;
    hashTable = new long[old.length * 2];
    int mask = hashTable.length - 1;
    for (long k : old) {
      if (k != 0) {
        int slot = mix(k) & mask;
        while (hashTable[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        hashTable[slot] = k;
      }
    }
  }
}
