package io.tuneloop.tuning.planner;

import io.tuneloop.tuning.knobs.DurabilityDenylist;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a BrokerCluster lets Tuneloop do: replica ranges, the largest replica step per decision, and
 * the knobs it may change with their ranges. Validated against the catalog when built, so a CR
 * naming a denylisted or unknown knob, or a range wider than the catalog's, fails here with a
 * message the operator turns into a condition.
 *
 * @param allowedKnobs setting knobs (not replicas) by Pulsar name; absent knobs are not touched
 * @param maxReplicaStep the k in brokers ±k and bookies ±k
 */
public record Bounds(
    int minBrokers,
    int maxBrokers,
    int minBookies,
    int maxBookies,
    int maxReplicaStep,
    Map<String, KnobRange> allowedKnobs) {

  public Bounds {
    requireReplicaRange(KnobCatalog.BROKERS, minBrokers, maxBrokers);
    requireReplicaRange(KnobCatalog.BOOKIES, minBookies, maxBookies);
    if (maxReplicaStep < 1) {
      throw new IllegalArgumentException("maxReplicaStep=" + maxReplicaStep + " must be >= 1");
    }
    Map<String, KnobRange> checked = new TreeMap<>();
    for (Map.Entry<String, KnobRange> e : allowedKnobs.entrySet()) {
      // Denylist first: the reason names durability, not "unknown knob".
      DurabilityDenylist.requireAllowed(e.getKey());
      Knob knob = KnobCatalog.standard().get(e.getKey());
      if (knob.isReplicas()) {
        throw new IllegalArgumentException(
            knob.name() + " is bounded by min/max replicas, not as an allowed knob");
      }
      KnobRange r = e.getValue();
      if (r.min() < knob.min() || r.max() > knob.max()) {
        throw new IllegalArgumentException(
            knob.name()
                + " range ["
                + knob.format(r.min())
                + ", "
                + knob.format(r.max())
                + "] is outside the catalog range ["
                + knob.format(knob.min())
                + ", "
                + knob.format(knob.max())
                + "]");
      }
      checked.put(knob.name(), r);
    }
    allowedKnobs = Map.copyOf(checked);
  }

  /** Replicas only, no settings. */
  public static Bounds replicasOnly(
      int minBrokers, int maxBrokers, int minBookies, int maxBookies, int maxReplicaStep) {
    return new Bounds(minBrokers, maxBrokers, minBookies, maxBookies, maxReplicaStep, Map.of());
  }

  /** These bounds, also allowing every catalog setting over its whole catalog range. */
  public Bounds withAllCatalogSettings() {
    Map<String, KnobRange> all = new LinkedHashMap<>(allowedKnobs);
    for (Knob k : KnobCatalog.standard().settings()) {
      all.putIfAbsent(k.name(), new KnobRange(k.min(), k.max()));
    }
    return new Bounds(minBrokers, maxBrokers, minBookies, maxBookies, maxReplicaStep, all);
  }

  public boolean allowsBrokers(int n) {
    return n >= minBrokers && n <= maxBrokers;
  }

  public boolean allowsBookies(int n) {
    return n >= minBookies && n <= maxBookies;
  }

  /** Whether {@code knob} may be set to {@code value} (the knob is allowed and value in range). */
  public boolean allowsSetting(Knob knob, double value) {
    KnobRange r = allowedKnobs.get(knob.name());
    return r != null && r.contains(value) && knob.allows(value);
  }

  private static void requireReplicaRange(Knob knob, int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException(
          knob.name() + " bounds [" + min + ", " + max + "] have min above max");
    }
    knob.requireAllowed(min);
    knob.requireAllowed(max);
  }
}
