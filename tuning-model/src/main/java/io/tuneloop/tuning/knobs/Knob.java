package io.tuneloop.tuning.knobs;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing Tuneloop may change: its Pulsar/BookKeeper name, where it lives, how a change is
 * applied, its type and the range Tuneloop will ever set (a CR may narrow it, never widen it), the
 * Pulsar default, and the price of changing it.
 *
 * <p>A knob named on the {@link DurabilityDenylist} cannot be constructed, so no catalog, bound or
 * action can ever refer to one.
 *
 * @param name the key as in broker.conf/bookkeeper.conf and the admin API, or {@code brokers} /
 *     {@code bookies} for replicas
 * @param pulsarDefault the default Pulsar ships (conf/broker.conf, conf/bookkeeper.conf, Helm chart
 *     replicas); used when a cluster does not report the setting
 * @param defaultNote where the default comes from, for readers (some are derived from memory)
 * @param disruptionCost the price of one change in pod-hour equivalents, per pod restarted or
 *     replica added/removed; a dynamic change is charged once for the whole cluster
 */
public record Knob(
    String name,
    KnobLocation location,
    ApplyMethod applyMethod,
    KnobType type,
    double min,
    double max,
    double pulsarDefault,
    String defaultNote,
    double disruptionCost,
    ModelScale modelScale,
    String description) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  public Knob {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("knob name '" + name + "' is not a Pulsar setting name");
    }
    DurabilityDenylist.requireAllowed(name);
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(applyMethod, "applyMethod");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(modelScale, "modelScale");
    Objects.requireNonNull(defaultNote, "defaultNote");
    Objects.requireNonNull(description, "description");
    if (!type.accepts(min) || !type.accepts(max) || min > max) {
      throw new IllegalArgumentException(
          name + " range [" + min + ", " + max + "] is not a valid " + type + " range");
    }
    if (!type.accepts(pulsarDefault)) {
      throw new IllegalArgumentException(
          name + " default " + pulsarDefault + " is not a valid " + type);
    }
    if (!(disruptionCost >= 0) || !Double.isFinite(disruptionCost)) {
      throw new IllegalArgumentException(
          name + " disruptionCost=" + disruptionCost + " must be a finite number >= 0");
    }
    if (modelScale == ModelScale.LOG && min < 0) {
      throw new IllegalArgumentException(name + " uses LOG scaling but min=" + min + " < 0");
    }
    boolean replicas =
        location == KnobLocation.BROKER_REPLICAS || location == KnobLocation.BOOKIE_REPLICAS;
    if (replicas != (applyMethod == ApplyMethod.SCALE)) {
      throw new IllegalArgumentException(
          name + " at " + location + " cannot be applied by " + applyMethod);
    }
  }

  public boolean isReplicas() {
    return applyMethod == ApplyMethod.SCALE;
  }

  /** Whether {@code value} has the right type and lies in the catalog range. */
  public boolean allows(double value) {
    return type.accepts(value) && value >= min && value <= max;
  }

  /**
   * @throws IllegalArgumentException naming the knob, the value and the range, when not {@link
   *     #allows allowed}
   */
  public double requireAllowed(double value) {
    if (!type.accepts(value)) {
      throw new IllegalArgumentException(name + "=" + value + " is not a valid " + type);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + "=" + format(value) + " is outside [" + format(min) + ", " + format(max) + "]");
    }
    return value;
  }

  /** The value as Pulsar writes it. */
  public String format(double value) {
    return type.format(value);
  }

  /**
   * The value the cluster reports for this knob, if it reports one. Blank means "unset" in Pulsar
   * (the derived default applies), so it reads as empty.
   *
   * @throws IllegalArgumentException when the reported text is not a valid value of this type
   */
  public Optional<Double> reported(ClusterSettings settings) {
    if (location == KnobLocation.BROKER_REPLICAS) {
      return Optional.of((double) settings.brokers());
    }
    if (location == KnobLocation.BOOKIE_REPLICAS) {
      return Optional.of((double) settings.bookies());
    }
    Optional<String> text = settings.value(name);
    if (text.isEmpty() || text.get().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(type.parse(text.get()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cluster reports " + name + "=" + text.get() + ": " + e.getMessage(), e);
    }
  }

  /** The reported value, or the Pulsar default when the cluster does not report one. */
  public double current(ClusterSettings settings) {
    return reported(settings).orElse(pulsarDefault);
  }

  /** This knob's model input for {@code value}, in [0, 1]. */
  public double encode(double value) {
    return modelScale.encode(value, min, max);
  }
}
