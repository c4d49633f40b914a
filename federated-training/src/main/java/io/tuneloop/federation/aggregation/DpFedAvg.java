package io.tuneloop.federation.aggregation;

import io.tuneloop.federation.clip.L2Clip;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * DP-FedAvg (McMahan, Ramage, Talwar and Zhang 2018): a noisy, norm-bounded weighted sum divided by
 * a fixed denominator.
 *
 * <ul>
 *   <li>Each update is scaled to L2 norm at most S (the clip bound) and weighted by w = min(1,
 *       samples / sampleCap), so one cluster moves the sum by at most S: the sensitivity under
 *       adding or removing one cluster.
 *   <li>Gaussian noise N(0, (zS)²) is added to every coordinate of the sum, z being the noise
 *       multiplier; {@link io.tuneloop.federation.privacy.RdpAccountant} accounts for it.
 *   <li>The sum is divided by the expected number of participants per round, a public constant, so
 *       the division is post-processing and leaks nothing. A round closed early by its timeout is
 *       therefore shrunk towards the old baseline, never amplified.
 * </ul>
 *
 * <p>Each coordinate of the result thus carries noise of standard deviation zS / expected.
 */
public final class DpFedAvg implements AggregationRule {
  private final L2Clip clip;
  private final double noiseMultiplier;
  private final long sampleCap;
  private final int expectedParticipants;
  private final RandomGenerator random;

  /**
   * @param clip a finite bound S
   * @param noiseMultiplier z, at least 0
   * @param sampleCap the sample count at which an update gets full weight
   * @param expectedParticipants the fixed denominator: the round's target size
   * @param random the noise source; production passes a {@link java.security.SecureRandom}
   */
  public DpFedAvg(
      L2Clip clip,
      double noiseMultiplier,
      long sampleCap,
      int expectedParticipants,
      RandomGenerator random) {
    if (clip.unbounded()) {
      throw new IllegalArgumentException(
          "DP-FedAvg needs a finite clip bound: the noise is calibrated to it");
    }
    if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException(
          "noise multiplier=" + noiseMultiplier + " must be finite and >= 0");
    }
    if (sampleCap < 1) {
      throw new IllegalArgumentException("sampleCap=" + sampleCap + " must be at least 1");
    }
    if (expectedParticipants < 1) {
      throw new IllegalArgumentException(
          "expectedParticipants=" + expectedParticipants + " must be at least 1");
    }
    this.clip = clip;
    this.noiseMultiplier = noiseMultiplier;
    this.sampleCap = sampleCap;
    this.expectedParticipants = expectedParticipants;
    this.random = random;
  }

  @Override
  public String method() {
    return "dp-fedavg(clip=" + clip.bound() + ",z=" + noiseMultiplier + ")";
  }

  @Override
  public double clipBound() {
    return clip.bound();
  }

  @Override
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  @Override
  public int minimumContributions() {
    return 1;
  }

  /** The standard deviation of the noise in each coordinate of the returned delta. */
  public double noiseStddev() {
    return noiseMultiplier * clip.bound() / expectedParticipants;
  }

  @Override
  public Aggregate aggregate(List<Contribution> contributions, int dimension) {
    AggregationRule.requireShape(contributions, dimension, 1);
    double[] sum = new double[dimension];
    int clipped = 0;
    for (Contribution c : contributions) {
      double scale = clip.scaleFor(L2Clip.norm(c.delta()));
      if (scale < 1) {
        clipped++;
      }
      double weight = Math.min(1.0, (double) c.sampleCount() / sampleCap);
      FedAvg.addScaled(sum, c.delta(), weight * scale);
    }
    double sumStddev = noiseMultiplier * clip.bound();
    for (int j = 0; j < dimension; j++) {
      if (sumStddev > 0) {
        sum[j] += sumStddev * random.nextGaussian();
      }
      sum[j] /= expectedParticipants;
    }
    return new Aggregate(sum, noiseStddev(), clipped);
  }
}
