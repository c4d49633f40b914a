package io.tuneloop.tuning.bench;

import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The standard 5-member ensemble predicting 256 candidates: with input encoding (what the planner
 * pays) and on pre-encoded inputs (the networks alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class EnsembleInferenceBenchmark {
  private static final int CANDIDATES = 256;
  private PerformanceModel model;
  private FeatureVector features;
  private List<ClusterSettings> candidates;
  private float[] encoded;

  @Setup(Level.Trial)
  public void setUp() {
    model = BenchFixtures.standardModel();
    var snapshot = BenchFixtures.largeCluster();
    features = model.schema().vectorize(snapshot);
    candidates = new ArrayList<>(CANDIDATES);
    for (int i = 0; i < CANDIDATES; i++) {
      candidates.add(SyntheticCluster.settings(90 + i % 20, 25 + i % 10, i % 51));
    }
    encoded = model.inputs().encode(features, candidates);
  }

  @Benchmark
  public List<Prediction> encodeAndPredict256() {
    return model.predict(features, candidates);
  }

  @Benchmark
  public List<Prediction> predictEncoded256() {
    return model.predictEncoded(encoded, CANDIDATES);
  }
}
