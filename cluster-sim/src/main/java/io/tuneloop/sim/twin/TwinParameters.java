package io.tuneloop.sim.twin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the twin's physics needs besides the workload and the settings. Loaded from {@code
 * cluster-sim/calibration/twin-parameters.json} (packaged on the classpath), where the calibration
 * command writes the fitted values; the rest are stated hardware assumptions for one broker or
 * bookie pod. Every field must be finite and non-negative.
 *
 * <p>Units are in the names: {@code Micros} per message, {@code Nanos} per byte, {@code Ms}
 * latency, {@code BytesPerSec} bandwidth, {@code Seconds} durations.
 */
public record TwinParameters(
    // Broker pod.
    double brokerCores,
    double brokerIdleCores,
    double brokerCpuPerMsgMicros,
    double brokerCpuPerDispatchMicros,
    double brokerCpuPerByteNanos,
    double brokerCpuPerCacheMissMicros,
    double brokerNetBytesPerSec,
    double brokerBaseLatencyMs,
    double brokerHeapBytes,
    double brokerDirectMemoryBytes,
    double loadImbalance,
    double tailReadLagSeconds,
    double catchUpReadFraction,
    // Bookie pod.
    double bookieCores,
    double bookieCpuPerEntryMicros,
    double bookieCpuPerFlushMicros,
    double bookieCpuPerByteNanos,
    double fsyncBaseMs,
    double fsyncTailFactor,
    double journalDiskBytesPerSec,
    double journalIops,
    double ledgerDiskBytesPerSec,
    double ledgerCheckpointSeconds,
    double groupWaitHeavyFraction,
    double readAheadWindowSeconds,
    double ledgerDiskBytes,
    double retainedSeconds,
    double writeQuorum,
    // Latency shape.
    double queueTailFactor,
    double jitterP99Ms,
    double latencyNoise,
    double loadNoise,
    // Time that changes take.
    double brokerReadySeconds,
    double bookieReadySeconds,
    double ledgerRolloverSeconds,
    double recoveryBytesPerSec,
    double bookieRestartSeconds,
    double bundleUnloadSeconds,
    double restartWritePauseSeconds,
    double producerBufferSeconds) {

  public static final String RESOURCE = "/io/tuneloop/sim/calibration/twin-parameters.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  public TwinParameters {
    double[] all = {
      brokerCores,
      brokerIdleCores,
      brokerCpuPerMsgMicros,
      brokerCpuPerDispatchMicros,
      brokerCpuPerByteNanos,
      brokerCpuPerCacheMissMicros,
      brokerNetBytesPerSec,
      brokerBaseLatencyMs,
      brokerHeapBytes,
      brokerDirectMemoryBytes,
      loadImbalance,
      tailReadLagSeconds,
      catchUpReadFraction,
      bookieCores,
      bookieCpuPerEntryMicros,
      bookieCpuPerFlushMicros,
      bookieCpuPerByteNanos,
      fsyncBaseMs,
      fsyncTailFactor,
      journalDiskBytesPerSec,
      journalIops,
      ledgerDiskBytesPerSec,
      ledgerCheckpointSeconds,
      groupWaitHeavyFraction,
      readAheadWindowSeconds,
      ledgerDiskBytes,
      retainedSeconds,
      writeQuorum,
      queueTailFactor,
      jitterP99Ms,
      latencyNoise,
      loadNoise,
      brokerReadySeconds,
      bookieReadySeconds,
      ledgerRolloverSeconds,
      recoveryBytesPerSec,
      bookieRestartSeconds,
      bundleUnloadSeconds,
      restartWritePauseSeconds,
      producerBufferSeconds
    };
    RecordComponent[] names = TwinParameters.class.getRecordComponents();
    for (int i = 0; i < all.length; i++) {
      if (!(all[i] >= 0) || !Double.isFinite(all[i])) {
        throw new IllegalArgumentException(
            names[i].getName() + "=" + all[i] + " must be a finite number >= 0");
      }
    }
    requirePositive("brokerCores", brokerCores);
    requirePositive("bookieCores", bookieCores);
    requirePositive("brokerNetBytesPerSec", brokerNetBytesPerSec);
    requirePositive("journalDiskBytesPerSec", journalDiskBytesPerSec);
    requirePositive("journalIops", journalIops);
    requirePositive("ledgerDiskBytesPerSec", ledgerDiskBytesPerSec);
    requirePositive("ledgerDiskBytes", ledgerDiskBytes);
    requirePositive("recoveryBytesPerSec", recoveryBytesPerSec);
    if (writeQuorum < 1 || writeQuorum != Math.rint(writeQuorum)) {
      throw new IllegalArgumentException("writeQuorum=" + writeQuorum + " must be a whole >= 1");
    }
    if (groupWaitHeavyFraction > 1) {
      throw new IllegalArgumentException(
          "groupWaitHeavyFraction=" + groupWaitHeavyFraction + " is outside [0, 1]");
    }
    if (catchUpReadFraction > 1) {
      throw new IllegalArgumentException(
          "catchUpReadFraction=" + catchUpReadFraction + " is outside [0, 1]");
    }
  }

  private static void requirePositive(String name, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(name + "=" + v + " must be > 0");
    }
  }

  /** The parameters shipped with this build (the checked-in calibration). */
  public static TwinParameters calibrated() {
    try (InputStream in = TwinParameters.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the classpath; was cluster-sim built from a clean tree?");
      }
      return JSON.readValue(in, TwinParameters.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static TwinParameters read(Path file) {
    try {
      return JSON.readValue(file.toFile(), TwinParameters.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read twin parameters " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The same parameters with the named ones replaced, for fitting and what-if runs.
   *
   * @throws IllegalArgumentException naming an unknown parameter or an invalid value
   */
  public TwinParameters with(Map<String, Double> overrides) {
    RecordComponent[] comps = TwinParameters.class.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    java.util.Set<String> unknown = new java.util.TreeSet<>(overrides.keySet());
    try {
      for (int i = 0; i < comps.length; i++) {
        String n = comps[i].getName();
        types[i] = double.class;
        args[i] = overrides.containsKey(n) ? overrides.get(n) : comps[i].getAccessor().invoke(this);
        unknown.remove(n);
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("unknown twin parameters " + unknown);
      }
      return TwinParameters.class.getDeclaredConstructor(types).newInstance(args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild TwinParameters", e);
    }
  }

  /** The value of the parameter named {@code name}. */
  public double get(String name) {
    for (RecordComponent c : TwinParameters.class.getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return (double) c.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalArgumentException("unknown twin parameter '" + name + "'");
  }

  /** The same parameters without random noise; the oracle's search uses it. */
  public TwinParameters noiseless() {
    return with(Map.of("latencyNoise", 0.0, "loadNoise", 0.0));
  }
}
