package io.tuneloop.telemetry.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot turned into model inputs by one schema. {@code present[i]} says whether feature i was
 * observed; a missing feature holds {@code NaN} in {@code values} and its reason in {@code
 * missingReasons}, so no caller can mistake it for zero by accident.
 */
public record FeatureVector(
    String schemaVersion, double[] values, boolean[] present, List<String> missingReasons) {

  public FeatureVector {
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    if (values.length != present.length) {
      throw new IllegalArgumentException(
          "values (" + values.length + ") and presence mask (" + present.length + ") differ");
    }
    for (int i = 0; i < values.length; i++) {
      if (present[i] && !Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "feature " + i + " is marked present with non-finite value " + values[i]);
      }
    }
    values = values.clone();
    present = present.clone();
    missingReasons = List.copyOf(missingReasons);
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean[] present() {
    return present.clone();
  }

  public int size() {
    return values.length;
  }

  public boolean isPresent(int i) {
    return present[i];
  }

  /** Value of feature {@code i}; throws when it is missing. */
  public double value(int i) {
    if (!present[i]) {
      throw new IllegalStateException("feature " + i + " is missing");
    }
    return values[i];
  }

  public double presentFraction() {
    int n = 0;
    for (boolean p : present) {
      n += p ? 1 : 0;
    }
    return values.length == 0 ? 0 : (double) n / values.length;
  }

  /**
   * The values with each missing one replaced by {@code fills[i]} (for example the training mean,
   * which is what a normalised model treats as "no information").
   */
  public double[] filledWith(double[] fills) {
    if (fills.length != values.length) {
      throw new IllegalArgumentException(
          "fills has " + fills.length + " entries, vector has " + values.length);
    }
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      if (!present[i]) {
        out[i] = fills[i];
      }
    }
    return out;
  }

  public List<Integer> missingIndices() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < present.length; i++) {
      if (!present[i]) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "FeatureVector[" + schemaVersion + ", " + Arrays.toString(values) + "]";
  }
}
