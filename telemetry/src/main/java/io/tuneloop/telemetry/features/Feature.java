package io.tuneloop.telemetry.features;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One model input: its name, unit, scaling and how it is read from a snapshot. Identity (and the
 * schema fingerprint) covers name, unit and scaling; the extractor is how, not what.
 */
public final class Feature {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final String name;
  private final String unit;
  private final Scaling scaling;
  private final Function<ClusterSnapshot, Reading> extractor;

  public Feature(
      String name, String unit, Scaling scaling, Function<ClusterSnapshot, Reading> extractor) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("feature name '" + name + "' is not snake_case");
    }
    this.name = name;
    this.unit = Objects.requireNonNull(unit, "unit");
    this.scaling = Objects.requireNonNull(scaling, "scaling");
    this.extractor = Objects.requireNonNull(extractor, "extractor");
  }

  public String name() {
    return name;
  }

  public String unit() {
    return unit;
  }

  public Scaling scaling() {
    return scaling;
  }

  /** The raw (unscaled) reading of this feature in {@code snapshot}. */
  public Reading read(ClusterSnapshot snapshot) {
    return extractor.apply(snapshot);
  }

  String signature() {
    return name + ":" + unit + ":" + scaling;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Feature f && signature().equals(f.signature());
  }

  @Override
  public int hashCode() {
    return signature().hashCode();
  }

  @Override
  public String toString() {
    return signature();
  }
}
