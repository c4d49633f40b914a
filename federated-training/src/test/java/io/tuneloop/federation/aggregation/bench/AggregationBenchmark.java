package io.tuneloop.federation.aggregation.bench;

import io.tuneloop.federation.aggregation.AggregationRule;
import io.tuneloop.federation.aggregation.Contribution;
import io.tuneloop.federation.aggregation.DpFedAvg;
import io.tuneloop.federation.aggregation.FedAvg;
import io.tuneloop.federation.aggregation.TrimmedMean;
import io.tuneloop.federation.clip.L2Clip;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * One aggregation of a round: {@code updates} Gaussian deltas of {@code parameters} floats each,
 * with every rule the aggregator offers. The goal is 1,000 updates of a 50k-parameter model
 * in at most 1 s. The score is milliseconds per aggregation; the configuration is printed at setup.
 *
 * <p>Run with {@code bin/tuneloop-jmh federated-training AggregationBenchmark -f 1 -wi 2 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class AggregationBenchmark {
  @Param({"1000"})
  public int updates;

  @Param({"50000"})
  public int parameters;

  /** fedavg, trimmed-mean (β = 0.1) or dp-fedavg (z = 1, SecureRandom noise). */
  @Param({"fedavg", "trimmed-mean", "dp-fedavg"})
  public String rule;

  private List<Contribution> round;
  private AggregationRule aggregation;

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom r = new SplittableRandom(7);
    round = new ArrayList<>(updates);
    for (int i = 0; i < updates; i++) {
      float[] v = new float[parameters];
      for (int j = 0; j < parameters; j++) {
        v[j] = (float) (0.01 * r.nextGaussian());
      }
      round.add(new Contribution("c" + i, 100 + r.nextInt(1000), v));
    }
    L2Clip clip = new L2Clip(1.0);
    aggregation =
        switch (rule) {
          case "fedavg" -> new FedAvg(clip);
          case "trimmed-mean" -> new TrimmedMean(0.1, clip);
          case "dp-fedavg" -> new DpFedAvg(clip, 1.0, 500, updates, new SecureRandom());
          default -> throw new IllegalArgumentException("unknown rule " + rule);
        };
    System.out.printf(
        "%n[config] rule=%s updates=%d parameters=%d java=%s cpus=%d os=%s/%s%n",
        aggregation.method(),
        updates,
        parameters,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  @Benchmark
  public double[] aggregate() {
    return aggregation.aggregate(round, parameters).delta();
  }
}
