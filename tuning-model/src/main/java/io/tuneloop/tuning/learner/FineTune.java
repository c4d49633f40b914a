package io.tuneloop.tuning.learner;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What one fine-tune did.
 *
 * @param holdoutMseBefore the current model's error on the holdout (normalised units)
 * @param holdoutMseAfter the fine-tuned candidate's error on the same holdout
 * @param savedTo where the adopted model was stored (empty when not adopted)
 */
public record FineTune(
    String candidateVersion,
    boolean adopted,
    int trainingSamples,
    int holdoutSamples,
    double holdoutMseBefore,
    double holdoutMseAfter,
    String reason,
    Optional<Path> savedTo) {}
