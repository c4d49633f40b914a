package io.tuneloop.operator.federation;

/**
 * The re-basing rule of federated training: a cluster's personal model is the shared baseline plus
 * what local fine-tuning added to it. When a new baseline arrives, the local contribution (personal
 * weights minus the baseline they were trained from) is carried over onto the new baseline.
 */
final class Rebase {
  private Rebase() {}

  /**
   * @param personal the current personal weights
   * @param trainedFrom the baseline weights {@code personal} was fine-tuned from
   * @param next the new baseline's weights
   * @return {@code next + (personal - trainedFrom)}, computed in double and rounded once
   */
  static float[] onto(float[] personal, float[] trainedFrom, float[] next) {
    if (personal.length != trainedFrom.length || personal.length != next.length) {
      throw new IllegalArgumentException(
          "re-basing needs equal lengths, got personal="
              + personal.length
              + ", trainedFrom="
              + trainedFrom.length
              + ", next="
              + next.length);
    }
    float[] out = new float[next.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((double) next[i] + ((double) personal[i] - (double) trainedFrom[i]));
    }
    return out;
  }
}
