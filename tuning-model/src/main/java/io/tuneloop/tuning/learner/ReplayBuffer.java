package io.tuneloop.tuning.learner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent {@code capacity} experiences of one cluster, oldest dropped first. Thread-safe.
 */
public final class ReplayBuffer {
  private final int capacity;
  private final Deque<Experience> entries;
  private long added;

  public ReplayBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay buffer capacity " + capacity + " must be >= 1");
    }
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  public int capacity() {
    return capacity;
  }

  public synchronized void add(Experience e) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(e);
    added++;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** How many experiences were ever added (including dropped ones). */
  public synchronized long totalAdded() {
    return added;
  }

  /** Oldest first. */
  public synchronized List<Experience> snapshot() {
    return new ArrayList<>(entries);
  }
}
