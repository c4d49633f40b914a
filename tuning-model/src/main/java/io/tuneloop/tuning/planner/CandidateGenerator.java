package io.tuneloop.tuning.planner;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.knobs.KnobType;
import io.tuneloop.tuning.knobs.ModelScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Proposes candidate actions inside a BrokerCluster's bounds: the no-op first, then brokers ±1..k,
 * bookies ±1..k, and for each allowed knob a few values spread over its allowed range (on the
 * knob's own scale) plus halving, doubling and the Pulsar default. Every candidate lies inside the
 * bounds; none touches a knob the bounds do not allow (so never a denylisted one).
 */
public final class CandidateGenerator {
  private final KnobCatalog catalog;
  private final int gridPoints;

  /**
   * @param gridPoints values spread over each knob's allowed range (besides the neighbours)
   */
  public CandidateGenerator(KnobCatalog catalog, int gridPoints) {
    if (gridPoints < 2) {
      throw new IllegalArgumentException("gridPoints=" + gridPoints + " must be >= 2");
    }
    this.catalog = catalog;
    this.gridPoints = gridPoints;
  }

  public static CandidateGenerator standard() {
    return new CandidateGenerator(KnobCatalog.standard(), 6);
  }

  /** The no-op followed by every candidate change, in a stable order. */
  public List<Action> candidates(ClusterSettings current, Bounds bounds) {
    List<Action> out = new ArrayList<>();
    out.add(Action.noOp());
    int brokers = current.brokers();
    for (int to : replicaTargets(brokers, bounds.minBrokers(), bounds.maxBrokers(), bounds)) {
      out.add(new Action.ScaleBrokers(brokers, to));
    }
    int bookies = current.bookies();
    for (int to : replicaTargets(bookies, bounds.minBookies(), bounds.maxBookies(), bounds)) {
      out.add(new Action.ScaleBookies(bookies, to));
    }
    for (Knob knob : catalog.settings()) {
      KnobRange range = bounds.allowedKnobs().get(knob.name());
      if (range == null) {
        continue;
      }
      double from = knob.current(current);
      for (double to : values(knob, range, from)) {
        out.add(new Action.ChangeSetting(knob, from, to));
      }
    }
    return out;
  }

  private static List<Integer> replicaTargets(int current, int min, int max, Bounds bounds) {
    List<Integer> out = new ArrayList<>();
    for (int d = -bounds.maxReplicaStep(); d <= bounds.maxReplicaStep(); d++) {
      int to = current + d;
      if (d != 0 && to >= min && to <= max) {
        out.add(to);
      }
    }
    return out;
  }

  private TreeSet<Double> values(Knob knob, KnobRange range, double from) {
    TreeSet<Double> vs = new TreeSet<>();
    if (knob.type() == KnobType.BOOLEAN) {
      vs.add(from == 1.0 ? 0.0 : 1.0);
    } else {
      for (int i = 0; i < gridPoints; i++) {
        vs.add(gridValue(knob.modelScale(), range, (double) i / (gridPoints - 1)));
      }
      vs.add((double) Math.round(from / 2));
      vs.add((double) Math.round(from * 2));
      vs.add(from - 1);
      vs.add(from + 1);
      vs.add(knob.pulsarDefault());
    }
    vs.removeIf(v -> v == from || !range.contains(v) || !knob.allows(v));
    return vs;
  }

  private static double gridValue(ModelScale scale, KnobRange r, double t) {
    double v =
        switch (scale) {
          case LINEAR -> r.min() + t * (r.max() - r.min());
          case LOG ->
              Math.expm1(Math.log1p(r.min()) + t * (Math.log1p(r.max()) - Math.log1p(r.min())));
        };
    return Math.max(r.min(), Math.min(r.max(), Math.rint(v)));
  }

  /** Every setting knob allowed over its full catalog range, for tests and the benchmark. */
  public static Map<String, KnobRange> fullRanges(KnobCatalog catalog) {
    java.util.LinkedHashMap<String, KnobRange> m = new java.util.LinkedHashMap<>();
    for (Knob k : catalog.settings()) {
      m.put(k.name(), new KnobRange(k.min(), k.max()));
    }
    return m;
  }
}
