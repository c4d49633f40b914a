package io.tuneloop.tuning.learner;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how the learner fine-tunes.
 *
 * @param minNewSamples experiences recorded since the last fine-tune before the next one
 * @param minInterval time since the last fine-tune before the next one
 * @param holdoutFraction the newest share of the buffer kept out of training to judge the result
 * @param maxRegression a fine-tuned model is adopted only if its holdout error is at most {@code (1
 *     + maxRegression)} times the current model's
 */
public record LearnerConfig(
    int bufferCapacity,
    int minNewSamples,
    Duration minInterval,
    int epochs,
    int batchSize,
    double holdoutFraction,
    double maxRegression) {

  public LearnerConfig {
    if (bufferCapacity < 1 || minNewSamples < 1 || epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "bufferCapacity, minNewSamples, epochs and batchSize must be >= 1, got "
              + bufferCapacity
              + ", "
              + minNewSamples
              + ", "
              + epochs
              + ", "
              + batchSize);
    }
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval " + minInterval + " is negative");
    }
    if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
      throw new IllegalArgumentException(
          "holdoutFraction=" + holdoutFraction + " is outside [0, 1)");
    }
    if (!(maxRegression >= 0) || !Double.isFinite(maxRegression)) {
      throw new IllegalArgumentException("maxRegression=" + maxRegression + " must be >= 0");
    }
  }

  /** 5000 experiences; fine-tune every 60 new ones and at most hourly, 20 epochs of 64. */
  public static LearnerConfig standard() {
    return new LearnerConfig(5_000, 60, Duration.ofHours(1), 20, 64, 0.2, 0.05);
  }
}
