package io.tuneloop.tuning.model;

import java.util.List;

/**
 * Architecture and training settings of the ensemble. Member {@code i} is initialised from seed
 * {@code baseSeed + i}, so every cluster starting from the same config starts from the same weights
 * (which federated averaging needs).
 */
public record EnsembleConfig(
    int members, List<Integer> hiddenLayers, double learningRate, double l2, long baseSeed) {

  public EnsembleConfig {
    if (members < 3) {
      throw new IllegalArgumentException(
          "an ensemble needs >= 3 members for a spread, got " + members);
    }
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden layer sizes " + hiddenLayers + " must be >= 1");
    }
    if (!(learningRate > 0) || learningRate > 1) {
      throw new IllegalArgumentException("learningRate=" + learningRate + " is outside (0, 1]");
    }
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new IllegalArgumentException("l2=" + l2 + " must be a finite number >= 0");
    }
    if (baseSeed == 0) {
      // Seed 0 means "no seed" to DL4J: training would no longer be reproducible.
      throw new IllegalArgumentException("baseSeed must not be 0 (DL4J treats 0 as unseeded)");
    }
  }

  /** The production ensemble: 5 members of two 64-unit hidden layers. */
  public static EnsembleConfig standard() {
    return new EnsembleConfig(5, List.of(64, 64), 1e-3, 1e-5, 7_919L);
  }

  public long memberSeed(int member) {
    long s = baseSeed + member;
    return s == 0 ? -1 : s;
  }
}
