package io.tuneloop.federation.learning;

/** What a hostile cluster does to the honest delta it computed before sending it. */
public enum Attack {
  /** Sends its delta scaled ×100. */
  SCALED_100(100f),
  /** Sends its delta sign-flipped and scaled ×100. */
  SIGN_FLIPPED_100(-100f),
  /** Sends its delta sign-flipped. */
  SIGN_FLIPPED(-1f);

  private final float factor;

  Attack(float factor) {
    this.factor = factor;
  }

  public float[] apply(float[] honestDelta) {
    float[] out = honestDelta.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }
}
