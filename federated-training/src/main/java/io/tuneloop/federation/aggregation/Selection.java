package io.tuneloop.federation.aggregation;

/**
 * In-place quickselect: after {@code select(a, from, to, n)}, {@code a[n]} holds the value a full
 * sort of [from, to) would put there, everything in [from, n) is no larger and everything in (n,
 * to) no smaller. Expected linear time, which is what keeps a trimmed mean over a thousand updates
 * cheap compared to sorting every column.
 */
final class Selection {
  private Selection() {}

  static void select(float[] a, int from, int to, int n) {
    if (n < from || n >= to) {
      throw new IllegalArgumentException("index " + n + " is outside [" + from + ", " + to + ")");
    }
    int lo = from;
    int hi = to - 1;
    while (hi > lo) {
      // Median of three as pivot: sorted or reversed columns stay linear.
      int mid = (lo + hi) >>> 1;
      if (a[mid] < a[lo]) {
        swap(a, mid, lo);
      }
      if (a[hi] < a[lo]) {
        swap(a, hi, lo);
      }
      if (a[hi] < a[mid]) {
        swap(a, hi, mid);
      }
      float pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (n <= j) {
        hi = j;
      } else if (n >= i) {
        lo = i;
      } else {
        return; // a[n] equals the pivot and sits between the two partitions.
      }
    }
  }

  private static void swap(float[] a, int i, int j) {
    float t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
