package io.tuneloop.tuning.learner;

import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Sample;
import io.tuneloop.tuning.model.TrainingData;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps one cluster's model learning: every settled decision goes into the persisted replay buffer,
 * and every so often (enough new experiences and enough time) a copy of the model is fine-tuned on
 * the buffer. The copy replaces the model only if it predicts the newest experiences (held out from
 * training) no worse than the current model, and it is then saved to the store with a new version
 * whose lineage names its parent.
 */
public final class Learner {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String clusterId;
  private final ReplayBufferFile file;
  private final ModelStore store;
  private final LearnerConfig config;
  private final ReplayBuffer buffer;
  private final List<String> skippedOnLoad;
  private PerformanceModel model;
  private long addedAtLastFineTune;
  private Instant lastFineTune;
  private int appendedSinceCompaction;

  /**
   * Loads the persisted buffer (if any).
   *
   * @throws IOException when the buffer file exists but is unreadable or of another schema
   */
  public Learner(
      String clusterId,
      PerformanceModel model,
      ReplayBufferFile file,
      ModelStore store,
      LearnerConfig config)
      throws IOException {
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    this.model = Objects.requireNonNull(model, "model");
    this.file = Objects.requireNonNull(file, "file");
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    ReplayBufferFile.Loaded loaded = file.load(config.bufferCapacity());
    this.buffer = loaded.buffer();
    this.skippedOnLoad = List.copyOf(loaded.skipped());
    this.addedAtLastFineTune = 0;
    this.lastFineTune = Instant.MIN;
  }

  public synchronized PerformanceModel model() {
    return model;
  }

  public ReplayBuffer buffer() {
    return buffer;
  }

  /** Lines of the persisted buffer that could not be read, with reasons. */
  public List<String> skippedOnLoad() {
    return skippedOnLoad;
  }

  /**
   * Adds an experience and persists it: appended to the file, which is rewritten (compacted to the
   * buffer's contents) once it has grown by a buffer's worth of lines.
   */
  public synchronized void record(Experience e) throws IOException {
    buffer.add(e);
    if (++appendedSinceCompaction >= config.bufferCapacity()) {
      file.save(buffer);
      appendedSinceCompaction = 0;
    } else {
      file.append(e);
    }
  }

  /** Fine-tunes when enough new experiences and time have accumulated; empty otherwise. */
  public synchronized Optional<FineTune> maybeFineTune(Instant now) throws IOException {
    long fresh = buffer.totalAdded() - addedAtLastFineTune;
    boolean due =
        fresh >= config.minNewSamples()
            && (lastFineTune.equals(Instant.MIN)
                || !Duration.between(lastFineTune, now).minus(config.minInterval()).isNegative());
    return due ? Optional.of(fineTune(now)) : Optional.empty();
  }

  /** Fine-tunes now, regardless of the schedule. */
  public synchronized FineTune fineTune(Instant now) throws IOException {
    List<Sample> all = buffer.snapshot().stream().map(Experience::toSample).toList();
    addedAtLastFineTune = buffer.totalAdded();
    lastFineTune = now;
    String version = clusterId + "-" + STAMP.format(now);
    if (all.size() < 2) {
      return new FineTune(
          version,
          false,
          all.size(),
          0,
          Double.NaN,
          Double.NaN,
          "only " + all.size() + " experiences; nothing to learn from yet",
          Optional.empty());
    }
    int holdout = (int) Math.floor(all.size() * config.holdoutFraction());
    holdout = Math.min(holdout, all.size() - 1);
    TrainingData data = model.encode(all);
    TrainingData train = data.slice(0, all.size() - holdout);
    // Without a holdout the candidate is judged on its training data: weaker, but still a check.
    TrainingData judge = holdout > 0 ? data.slice(all.size() - holdout, all.size()) : train;
    PerformanceModel candidate = model.derive(version, now);
    double before = model.mse(judge);
    candidate.fit(train, config.epochs(), config.batchSize());
    double after = candidate.mse(judge);
    if (!Double.isFinite(after) || after > before * (1 + config.maxRegression())) {
      return new FineTune(
          version,
          false,
          train.rows(),
          judge.rows(),
          before,
          after,
          String.format(
              Locale.ROOT,
              "kept %s: fine-tuned error %.4f is worse than %.4f on the newest %d experiences",
              model.version(),
              after,
              before,
              judge.rows()),
          Optional.empty());
    }
    Path saved = store.save(candidate);
    String previous = model.version();
    model = candidate;
    return new FineTune(
        version,
        true,
        train.rows(),
        judge.rows(),
        before,
        after,
        String.format(
            Locale.ROOT,
            "adopted %s (parent %s): error %.4f -> %.4f on the newest %d experiences",
            version,
            previous,
            before,
            after,
            judge.rows()),
        Optional.of(saved));
  }
}
