package io.tuneloop.operator.cli;

import io.tuneloop.operator.loop.OutcomeSink;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.learner.Experience;
import io.tuneloop.tuning.learner.Learner;
import io.tuneloop.tuning.learner.LearnerConfig;
import io.tuneloop.tuning.learner.ReplayBufferFile;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds verified outcomes to the tuning model's {@link Learner}, one per cluster, with its replay
 * buffer persisted in the model directory; fine-tunes on the learner's schedule and saves the new
 * model version in the store.
 */
public final class LearnerOutcomeSink implements OutcomeSink {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerOutcomeSink.class);
  private final Path modelDir;
  private final PerformanceModel model;
  private final Clock clock;
  private final Map<String, Learner> learners = new HashMap<>();

  public LearnerOutcomeSink(Path modelDir, PerformanceModel model, Clock clock) {
    this.modelDir = modelDir;
    this.model = model;
    this.clock = clock;
  }

  @Override
  public synchronized void learn(
      ClusterSnapshot before, Action action, ClusterSnapshot after, ObservedOutcome outcome) {
    FeatureSchema schema = FeatureSchema.v1();
    try {
      Learner learner = learner(before.clusterId(), schema);
      learner.record(
          new Experience(
              clock.instant(),
              schema.vectorize(before),
              action.describe(),
              after.settings(),
              outcome));
      learner
          .maybeFineTune(clock.instant())
          .ifPresent(f -> LOG.info("fine-tuned the model of {}: {}", before.clusterId(), f));
    } catch (IOException e) {
      LOG.warn("could not record the outcome of {}: {}", action.describe(), e.getMessage());
    }
  }

  private Learner learner(String cluster, FeatureSchema schema) throws IOException {
    Learner l = learners.get(cluster);
    if (l == null) {
      String safe = cluster.replaceAll("[^A-Za-z0-9._-]", "_");
      try {
        l =
            new Learner(
                cluster,
                model,
                new ReplayBufferFile(modelDir.resolve(safe + "-replay.jsonl"), schema),
                new ModelStore(modelDir.resolve(safe), schema),
                LearnerConfig.standard());
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      learners.put(cluster, l);
    }
    return l;
  }
}
