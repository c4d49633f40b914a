package io.tuneloop.app.demo;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.decisions.DecisionRecords;
import io.tuneloop.telemetry.snapshot.Aggregation;
import io.tuneloop.telemetry.snapshot.BrokerMetric;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The demo's live one-line summary: load, what the loop saw, the settings, the decisions. */
final class DemoSummary {
  private final Set<String> knobs;

  /**
   * @param knobs the settings to show (those the loop may change)
   */
  DemoSummary(Set<String> knobs) {
    this.knobs = knobs;
  }

  String line(
      Duration elapsed,
      Optional<LoadPhase> load,
      Optional<ClusterSnapshot> seen,
      int passes,
      List<TuningDecision> decisions) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT, "[%02d:%02d]", elapsed.toMinutes(), elapsed.toSecondsPart()));
    load.ifPresent(
        p ->
            s.append(
                String.format(
                    Locale.ROOT,
                    " load %s %.0f msg/s of %s |",
                    p.label(),
                    p.messagesPerSecond(),
                    p.sizeLabel())));
    if (seen.isPresent()) {
      ClusterSnapshot snap = seen.get();
      Reading in = snap.brokers(BrokerMetric.MSG_RATE_IN, Aggregation.SUM);
      s.append(in.isPresent() ? String.format(Locale.ROOT, " in %.0f msg/s", in.value()) : " in ?");
      var p99 = DecisionRecords.p99(snap);
      s.append(
          p99.isPresent()
              ? String.format(Locale.ROOT, ", p99 %.1f ms |", p99.getAsDouble())
              : ", p99 ? |");
      for (Knob k : KnobCatalog.standard().settings()) {
        if (knobs.contains(k.name())) {
          String v = snap.settings().values().get(k.name());
          s.append(' ')
              .append(k.name())
              .append('=')
              .append(v == null || v.isBlank() ? k.format(k.pulsarDefault()) : v);
        }
      }
      s.append(" |");
    } else {
      s.append(" waiting for the first observation |");
    }
    s.append(" passes ").append(passes).append(", decisions ").append(decisions.size());
    if (!decisions.isEmpty()) {
      TuningDecision last = decisions.get(decisions.size() - 1);
      s.append(" | last: ")
          .append(last.getStatus() == null ? "?" : last.getStatus().phase)
          .append(' ')
          .append(last.getSpec().action == null ? "?" : last.getSpec().action.description);
    }
    return s.toString();
  }
}
