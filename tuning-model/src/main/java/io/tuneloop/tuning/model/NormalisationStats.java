package io.tuneloop.tuning.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The affine normalisation of model inputs and outputs: {@code (x - mean) / std}. It is stored in
 * every artifact and is fixed per feature schema and knob catalog ({@link ReferenceStatistics}),
 * never fitted to one cluster: federated averaging is only valid when every cluster's weights see
 * identically normalised inputs. Immutable.
 */
public final class NormalisationStats {
  private final double[] inputMean;
  private final double[] inputStd;
  private final double[] outputMean;
  private final double[] outputStd;
  private final String fingerprint;

  public NormalisationStats(
      double[] inputMean, double[] inputStd, double[] outputMean, double[] outputStd) {
    if (inputMean.length != inputStd.length) {
      throw new IllegalArgumentException(
          "input means (" + inputMean.length + ") and stds (" + inputStd.length + ") differ");
    }
    if (outputMean.length != Target.values().length || outputStd.length != outputMean.length) {
      throw new IllegalArgumentException(
          "expected "
              + Target.values().length
              + " output means and stds, got "
              + outputMean.length
              + " and "
              + outputStd.length);
    }
    requireValid("input", inputMean, inputStd);
    requireValid("output", outputMean, outputStd);
    this.inputMean = inputMean.clone();
    this.inputStd = inputStd.clone();
    this.outputMean = outputMean.clone();
    this.outputStd = outputStd.clone();
    this.fingerprint = computeFingerprint();
  }

  public int inputs() {
    return inputMean.length;
  }

  public double[] inputMean() {
    return inputMean.clone();
  }

  public double[] inputStd() {
    return inputStd.clone();
  }

  public double[] outputMean() {
    return outputMean.clone();
  }

  public double[] outputStd() {
    return outputStd.clone();
  }

  public double normaliseInput(int i, double raw) {
    return (raw - inputMean[i]) / inputStd[i];
  }

  public double normaliseOutput(int i, double raw) {
    return (raw - outputMean[i]) / outputStd[i];
  }

  public double denormaliseOutput(int i, double normalised) {
    return normalised * outputStd[i] + outputMean[i];
  }

  /** Short hash of every number, to compare artifacts and federated updates cheaply. */
  public String fingerprint() {
    return fingerprint;
  }

  private String computeFingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (double[] a : new double[][] {inputMean, inputStd, outputMean, outputStd}) {
        ByteBuffer b = ByteBuffer.allocate(8 * a.length + 4);
        b.putInt(a.length);
        for (double v : a) {
          b.putDouble(v);
        }
        sha.update(b.array());
      }
      sha.update("norm".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static void requireValid(String what, double[] mean, double[] std) {
    for (int i = 0; i < mean.length; i++) {
      if (!Double.isFinite(mean[i])) {
        throw new IllegalArgumentException(what + " mean " + i + " is " + mean[i]);
      }
      if (!(std[i] > 0) || !Double.isFinite(std[i])) {
        throw new IllegalArgumentException(
            what + " std " + i + " is " + std[i] + "; expected a finite number > 0");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NormalisationStats n
        && Arrays.equals(inputMean, n.inputMean)
        && Arrays.equals(inputStd, n.inputStd)
        && Arrays.equals(outputMean, n.outputMean)
        && Arrays.equals(outputStd, n.outputStd);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "NormalisationStats[" + inputs() + " inputs, " + fingerprint + "]";
  }
}
