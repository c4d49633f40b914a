package io.tuneloop.app.export;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The decisions the operator's {@code --local} mode wrote (one TuningDecision YAML file each) as
 * one CSV row each, with the prediction and observed columns named as in the twin export, so the
 * decisions-review notebook reads either.
 */
final class OperatorDecisionsExport {
  static final List<String> COLUMNS =
      List.of(
          "cluster",
          "name",
          "mode",
          "phase",
          "decided_at",
          "action",
          "action_kind",
          "knob",
          "from",
          "to",
          "explored",
          "reason",
          "runner_up_1",
          "runner_up_2",
          "model_version",
          "brokers_before",
          "bookies_before",
          "p99_ms_before",
          "pred_p99_ms_mean",
          "pred_p99_ms_spread",
          "pred_cpu_mean",
          "pred_cpu_spread",
          "pred_headroom_mean",
          "pred_headroom_spread",
          "obs_p99_ms",
          "obs_cpu",
          "obs_headroom",
          "observed_at",
          "message");

  private OperatorDecisionsExport() {}

  /**
   * @throws IllegalArgumentException when {@code dir} is not a directory, or naming the file that
   *     is not a TuningDecision
   */
  static CsvTable read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "decisions directory " + dir + " does not exist or is not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    List<TuningDecision> decisions = new ArrayList<>();
    for (Path f : files) {
      TuningDecision td;
      try {
        td = Serialization.unmarshal(Files.readString(f), TuningDecision.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(f + " is not a TuningDecision: " + e.getMessage(), e);
      }
      if (td == null || td.getSpec() == null) {
        throw new IllegalArgumentException(f + " is not a TuningDecision: it has no spec");
      }
      decisions.add(td);
    }
    decisions.sort(
        java.util.Comparator.comparing((TuningDecision d) -> nz(decidedAt(d)))
            .thenComparing(d -> nz(name(d))));
    CsvTable t = new CsvTable(COLUMNS);
    for (TuningDecision d : decisions) {
      t.add(row(d));
    }
    return t;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String name(TuningDecision d) {
    return d.getMetadata() == null ? null : d.getMetadata().getName();
  }

  private static String decidedAt(TuningDecision d) {
    TuningDecisionStatus st = d.getStatus();
    if (st != null && st.plannedAt != null) {
      return st.plannedAt;
    }
    TuningDecisionSpec.SnapshotSummary s = d.getSpec().snapshot;
    return s == null ? null : s.windowEnd;
  }

  private static List<Object> row(TuningDecision d) {
    TuningDecisionSpec spec = d.getSpec();
    TuningDecisionStatus st = d.getStatus();
    TuningDecisionSpec.ActionRecord a = spec.action;
    TuningDecisionSpec.SnapshotSummary s = spec.snapshot;
    TuningDecisionSpec.PredictionRecord p = spec.prediction;
    TuningDecisionStatus.Outcome o = st == null ? null : st.outcome;
    List<String> runnerUps = spec.runnerUps == null ? List.of() : spec.runnerUps;
    List<Object> row = new ArrayList<>();
    row.add(spec.clusterName);
    row.add(name(d));
    row.add(spec.mode);
    row.add(st == null || st.phase == null ? null : st.phase.name());
    row.add(decidedAt(d));
    row.add(a == null ? null : a.description);
    row.add(a == null ? null : a.kind);
    row.add(a == null ? null : a.knob);
    row.add(a == null ? null : a.from);
    row.add(a == null ? null : a.to);
    row.add(spec.explored);
    row.add(spec.reason);
    row.add(runnerUps.size() > 0 ? runnerUps.get(0) : null);
    row.add(runnerUps.size() > 1 ? runnerUps.get(1) : null);
    row.add(spec.modelVersion);
    row.add(s == null ? null : s.brokers);
    row.add(s == null ? null : s.bookies);
    row.add(s == null ? null : s.p99PublishLatencyMs);
    row.add(p == null ? null : p.p99PublishLatencyMs);
    row.add(p == null ? null : p.p99SpreadMs);
    row.add(p == null ? null : p.peakCpuUtilisation);
    row.add(p == null ? null : p.peakCpuSpread);
    row.add(p == null ? null : p.throughputHeadroom);
    row.add(p == null ? null : p.throughputHeadroomSpread);
    row.add(o == null ? null : o.p99PublishLatencyMs);
    row.add(o == null ? null : o.peakCpuUtilisation);
    row.add(o == null ? null : o.throughputHeadroom);
    row.add(o == null ? null : o.observedAt);
    row.add(st == null ? null : st.message);
    return row;
  }
}
