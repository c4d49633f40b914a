package io.tuneloop.telemetry.prometheus;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of label name/value pairs, kept sorted by name so that two label sets with the
 * same pairs are equal whatever order the exposition wrote them in.
 *
 * <p>Contract: names are valid Prometheus label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}) and unique;
 * values are non-null (possibly empty) strings.
 */
public final class Labels {

  /** The empty label set. */
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private final int hash;

  /** Trusted constructor: arrays sorted by name, unique, validated, and not shared. */
  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      h = 31 * h + names[i].hashCode();
      h = 31 * h + values[i].hashCode();
    }
    this.hash = h;
  }

  /**
   * Labels from alternating names and values: {@code Labels.of("topic", "t1", "cluster", "c")}.
   *
   * @throws IllegalArgumentException on an odd count, an invalid or duplicate name, or a null value
   */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need name/value pairs, got an odd count " + namesAndValues.length);
    }
    int n = namesAndValues.length / 2;
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = namesAndValues[2 * i];
      values[i] = namesAndValues[2 * i + 1];
    }
    return validated(names, values);
  }

  /** Labels from a map (its iteration order does not matter). */
  public static Labels of(Map<String, String> map) {
    String[] names = new String[map.size()];
    String[] values = new String[map.size()];
    int i = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      names[i] = e.getKey();
      values[i] = e.getValue();
      i++;
    }
    return validated(names, values);
  }

  private static Labels validated(String[] names, String[] values) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null || !isValidLabelName(names[i])) {
        throw new IllegalArgumentException(
            "label name " + quote(names[i]) + " is not a valid name [a-zA-Z_][a-zA-Z0-9_]*");
      }
      if (values[i] == null) {
        throw new IllegalArgumentException("label " + names[i] + " has a null value");
      }
    }
    String duplicate = sortByName(names, values);
    if (duplicate != null) {
      throw new IllegalArgumentException("label name " + quote(duplicate) + " appears twice");
    }
    return names.length == 0 ? EMPTY : new Labels(names, values);
  }

  /**
   * Builds labels from parser output that is already validated except for ordering and uniqueness.
   * Returns the duplicated name through the exception-free path: {@code null} labels and the name
   * in {@code duplicateOut[0]}.
   */
  static Labels fromParser(String[] names, String[] values, String[] duplicateOut) {
    if (names.length == 0) {
      return EMPTY;
    }
    String duplicate = sortByName(names, values);
    if (duplicate != null) {
      duplicateOut[0] = duplicate;
      return null;
    }
    return new Labels(names, values);
  }

  /** Sorts both arrays by name; returns a duplicated name, or null. */
  private static String sortByName(String[] names, String[] values) {
    if (names.length > 16) {
      // Large (possibly hostile) label sets: O(n log n) instead of insertion sort.
      Integer[] order = new Integer[names.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> names[x].compareTo(names[y]));
      String[] n = names.clone();
      String[] v = values.clone();
      for (int i = 0; i < order.length; i++) {
        names[i] = n[order[i]];
        values[i] = v[order[i]];
      }
    }
    // Insertion sort: label sets are small, and this is a no-op on sorted input.
    for (int i = 1; i < names.length; i++) {
      String n = names[i];
      String v = values[i];
      int j = i - 1;
      while (j >= 0 && names[j].compareTo(n) > 0) {
        names[j + 1] = names[j];
        values[j + 1] = values[j];
        j--;
      }
      names[j + 1] = n;
      values[j + 1] = v;
    }
    for (int i = 1; i < names.length; i++) {
      if (names[i].equals(names[i - 1])) {
        return names[i];
      }
    }
    return null;
  }

  /** True when {@code name} matches {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValidLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The i-th name in name order. */
  public String name(int i) {
    return names[i];
  }

  /** The i-th value in name order. */
  public String value(int i) {
    return values[i];
  }

  /** The value of label {@code name}, if present. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(getOrNull(name));
  }

  /** The value of label {@code name}, or null when absent (for hot loops). */
  public String getOrNull(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** True when label {@code name} is present with exactly {@code value}. */
  public boolean has(String name, String value) {
    return value.equals(getOrNull(name));
  }

  /** These labels without {@code name} (the same instance when absent). */
  public Labels without(String name) {
    int idx = -1;
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        idx = i;
        break;
      }
    }
    if (idx < 0) {
      return this;
    }
    if (names.length == 1) {
      return EMPTY;
    }
    String[] n = new String[names.length - 1];
    String[] v = new String[names.length - 1];
    System.arraycopy(names, 0, n, 0, idx);
    System.arraycopy(values, 0, v, 0, idx);
    System.arraycopy(names, idx + 1, n, idx, names.length - idx - 1);
    System.arraycopy(values, idx + 1, v, idx, names.length - idx - 1);
    return new Labels(n, v);
  }

  /** These labels as an unmodifiable map in name order. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Labels other
        && hash == other.hash
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The exposition form, e.g. {@code {cluster="c",topic="t"}} (values escaped). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append("=\"");
      appendEscaped(sb, values[i]);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  static void appendEscaped(StringBuilder sb, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
