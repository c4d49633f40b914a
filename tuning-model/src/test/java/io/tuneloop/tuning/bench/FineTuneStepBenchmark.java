package io.tuneloop.tuning.bench;

import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.TrainingData;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fine-tuning step: a gradient step of every member of the standard ensemble on one minibatch
 * of experiences (Adam), as the learner takes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class FineTuneStepBenchmark {
  @Param({"64", "256"})
  public int batch;

  private PerformanceModel model;
  private TrainingData data;

  @Setup(Level.Trial)
  public void setUp() {
    model = BenchFixtures.standardModel();
    data = model.encode(SyntheticCluster.samples(batch, 17));
  }

  @Benchmark
  public PerformanceModel fineTuneStep() {
    model.fitBatch(data);
    return model;
  }
}
