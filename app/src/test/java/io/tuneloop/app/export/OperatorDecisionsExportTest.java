package io.tuneloop.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionSpec;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorDecisionsExportTest {

  private static TuningDecision decision(String name, String plannedAt, String action) {
    TuningDecision d = new TuningDecision();
    ObjectMeta m = new ObjectMeta();
    m.setName(name);
    d.setMetadata(m);
    TuningDecisionSpec s = new TuningDecisionSpec();
    s.clusterName = "prod";
    s.mode = "Recommend";
    s.reason = "cheaper, meets the SLO";
    s.runnerUps = List.of("no change: p99 12.0±1.0 ms", "brokers 3 -> 4: p99 9.0±1.0 ms");
    s.modelVersion = "baseline-sim-1";
    s.action = new TuningDecisionSpec.ActionRecord();
    s.action.kind = "ChangeSetting";
    s.action.description = action;
    s.snapshot = new TuningDecisionSpec.SnapshotSummary();
    s.snapshot.brokers = 3;
    s.snapshot.bookies = 4;
    s.prediction = new TuningDecisionSpec.PredictionRecord();
    s.prediction.p99PublishLatencyMs = 12.5;
    s.prediction.p99SpreadMs = 1.5;
    d.setSpec(s);
    TuningDecisionStatus st = new TuningDecisionStatus();
    st.phase = TuningDecisionStatus.Phase.Verified;
    st.plannedAt = plannedAt;
    st.outcome = new TuningDecisionStatus.Outcome();
    st.outcome.p99PublishLatencyMs = 11.0;
    d.setStatus(st);
    return d;
  }

  @Test
  void oneRowPerDecisionOldestFirstWithPredictedAndObserved(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("b.yaml"),
        Serialization.asYaml(
            decision("b", "2026-01-01T00:10:00Z", "managedLedgerCacheSizeMB 1 -> 2")));
    Files.writeString(
        dir.resolve("a.yaml"),
        Serialization.asYaml(decision("a", "2026-01-01T00:20:00Z", "brokers 3 -> 2")));
    Files.writeString(dir.resolve("notes.txt"), "not a decision");
    CsvTable t = OperatorDecisionsExport.read(dir);
    assertThat(t.rowCount()).isEqualTo(2);
    Path f = dir.resolve("out.csv");
    t.write(f);
    List<String> lines = Files.readAllLines(f);
    assertThat(lines.get(0)).startsWith("cluster,name,mode,phase,decided_at,action");
    assertThat(lines.get(0)).contains("pred_p99_ms_mean,pred_p99_ms_spread").contains("obs_p99_ms");
    assertThat(lines.get(1))
        .startsWith(
            "prod,b,Recommend,Verified,2026-01-01T00:10:00Z,managedLedgerCacheSizeMB 1 -> 2")
        .contains(",12.5,1.5,")
        .contains(",11,");
    assertThat(lines.get(2)).startsWith("prod,a,Recommend,Verified,2026-01-01T00:20:00Z,brokers");
  }

  @Test
  void aFileThatIsNotATuningDecisionIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "just: [unclosed");
    assertThatThrownBy(() -> OperatorDecisionsExport.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml is not a TuningDecision");
  }

  @Test
  void aMissingDirectoryIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> OperatorDecisionsExport.read(dir.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist or is not a directory");
  }
}
