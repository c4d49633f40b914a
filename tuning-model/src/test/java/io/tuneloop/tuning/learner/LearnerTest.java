package io.tuneloop.tuning.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Sample;
import io.tuneloop.tuning.store.ModelStore;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();

  @TempDir Path dir;

  private static List<Experience> experiences(int n, long seed) {
    List<Experience> out = new ArrayList<>();
    List<Sample> samples = SyntheticCluster.samples(n, seed);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      out.add(
          new Experience(
              SyntheticCluster.T0.plusSeconds(60L * i),
              s.features(),
              "journalMaxGroupWaitMSec 1 -> " + i % 7,
              s.settings(),
              s.outcome()));
    }
    return out;
  }

  private static PerformanceModel smallModel() {
    return PerformanceModel.initialise(
        new EnsembleConfig(3, List.of(16, 16), 1e-2, 0, 5),
        SCHEMA,
        "fleet-1",
        Lineage.baseline("fleet-1"),
        SyntheticCluster.T0);
  }

  @Test
  void bufferIsBoundedAndSurvivesARestart() throws Exception {
    ReplayBufferFile file = new ReplayBufferFile(dir.resolve("replay.tsv"), SCHEMA);
    LearnerConfig cfg = new LearnerConfig(5, 100, Duration.ZERO, 1, 8, 0.2, 0.05);
    Learner learner = new Learner("c1", smallModel(), file, new ModelStore(dir, SCHEMA), cfg);
    List<Experience> seven = experiences(7, 3);
    for (Experience e : seven) {
      learner.record(e);
    }
    assertThat(learner.buffer().size()).isEqualTo(5);
    assertThat(learner.buffer().totalAdded()).isEqualTo(7);

    Learner restarted = new Learner("c1", smallModel(), file, new ModelStore(dir, SCHEMA), cfg);
    assertThat(restarted.skippedOnLoad()).isEmpty();
    List<Experience> back = restarted.buffer().snapshot();
    assertThat(back).hasSize(5);
    for (int i = 0; i < 5; i++) {
      Experience want = seven.get(i + 2);
      Experience got = back.get(i);
      assertThat(got.at()).isEqualTo(want.at());
      assertThat(got.action()).isEqualTo(want.action());
      assertThat(got.features().values()).containsExactly(want.features().values());
      assertThat(got.features().present()).containsExactly(want.features().present());
      assertThat(got.settingsAfter()).isEqualTo(want.settingsAfter());
      assertThat(got.outcome()).isEqualTo(want.outcome());
    }
  }

  @Test
  void aDamagedLineLosesOneExperienceAndAnotherSchemaIsRefused() throws Exception {
    Path path = dir.resolve("replay.tsv");
    ReplayBufferFile file = new ReplayBufferFile(path, SCHEMA);
    ReplayBuffer buffer = new ReplayBuffer(10);
    experiences(3, 4).forEach(buffer::add);
    file.save(buffer);
    List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
    lines.set(2, lines.get(2).replaceFirst("\t[^\t]*$", "\tNaN"));
    Files.write(path, lines, StandardCharsets.UTF_8);
    ReplayBufferFile.Loaded loaded = file.load(10);
    assertThat(loaded.buffer().size()).isEqualTo(2);
    assertThat(loaded.skipped())
        .singleElement()
        .asString()
        .startsWith("line 3: observed headroom NaN");

    lines.set(0, lines.get(0).replace("schema=v1", "schema=v2"));
    Files.write(path, lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> file.load(10))
        .hasMessageContaining("starts with '# tuneloop-replay/1 schema=v2")
        .hasMessageContaining("expected '# tuneloop-replay/1 schema=v1");
  }

  @Test
  void fineTunesOnScheduleAdoptsABetterModelAndStoresItsLineage() throws Exception {
    ReplayBufferFile file = new ReplayBufferFile(dir.resolve("replay.tsv"), SCHEMA);
    ModelStore store = new ModelStore(dir.resolve("models"), SCHEMA);
    LearnerConfig cfg = new LearnerConfig(1000, 200, Duration.ofMinutes(30), 15, 32, 0.2, 0.05);
    Learner learner = new Learner("c1", smallModel(), file, store, cfg);
    Instant now = SyntheticCluster.T0.plus(Duration.ofDays(1));
    List<Experience> all = experiences(300, 8);
    for (Experience e : all.subList(0, 150)) {
      learner.record(e);
    }
    assertThat(learner.maybeFineTune(now)).as("too few new experiences").isEmpty();
    for (Experience e : all.subList(150, 300)) {
      learner.record(e);
    }
    FineTune ft = learner.maybeFineTune(now).orElseThrow();
    assertThat(ft.adopted()).as(ft.reason()).isTrue();
    assertThat(ft.trainingSamples()).isEqualTo(240);
    assertThat(ft.holdoutSamples()).isEqualTo(60);
    assertThat(ft.holdoutMseAfter()).isLessThan(ft.holdoutMseBefore());
    assertThat(ft.reason()).startsWith("adopted c1-20260102T000000 (parent fleet-1)");
    assertThat(learner.model().version()).isEqualTo("c1-20260102T000000");
    assertThat(learner.model().metadata().lineage()).isEqualTo(new Lineage("fleet-1", "fleet-1"));
    assertThat(store.load(ft.savedTo().orElseThrow()).version()).isEqualTo("c1-20260102T000000");

    for (Experience e : experiences(200, 9)) {
      learner.record(e);
    }
    assertThat(learner.maybeFineTune(now.plus(Duration.ofMinutes(10))))
        .as("within the minimum interval")
        .isEmpty();
    assertThat(learner.maybeFineTune(now.plus(Duration.ofMinutes(31)))).isPresent();
  }
}
