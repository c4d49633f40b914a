package io.tuneloop.telemetry.prometheus.bench;

import io.tuneloop.telemetry.prometheus.Exposition;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.prometheus.PulsarBrokerExpositionGenerator;
import io.tuneloop.telemetry.prometheus.PulsarBrokerExpositionGenerator.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Parse throughput on the output of a simulated 10k-topic Pulsar broker (see {@link
 * PulsarBrokerExpositionGenerator}). The primary score is parses per second; the {@code
 * megabytesPerSecond} secondary score is input megabytes (10^6 bytes) parsed per wall-clock second;
 * {@code parsedMegabytes / parserCpuSeconds} is the same per CPU-second of the parsing thread. The
 * input size is printed at setup.
 *
 * <p>Run with {@code bin/tuneloop-jmh telemetry PrometheusTextParserBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class PrometheusTextParserBenchmark {

  /** Topics on the simulated broker (one producer, one subscription, one consumer each). */
  @Param({"10000"})
  public int topics;

  private byte[] input;
  private final PrometheusTextParser parser = new PrometheusTextParser();

  /** Counts parsed bytes; JMH reports it per second, so it reads as MB/s (wall clock). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double megabytesPerSecond;
  }

  /**
   * Totals per iteration of the megabytes parsed and of the CPU seconds the benchmark thread spent
   * parsing them. Their ratio is throughput per CPU-second of the parsing thread, which does not
   * depend on how busy a shared machine is (it leaves out the collector's own threads; see {@code
   * -prof gc} for those).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    public double parsedMegabytes;
    public double parserCpuSeconds;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Setup(Level.Trial)
  public void generate() {
    input = PulsarBrokerExpositionGenerator.generate(Shape.topics(topics), 42);
    Exposition e = parser.parse(input);
    System.out.printf(
        "%n[input] topics=%d bytes=%d (%.1f MB) families=%d samples=%d%n",
        topics, input.length, input.length / 1e6, e.families().size(), e.sampleCount());
  }

  @Benchmark
  public Exposition parse(Throughput throughput, CpuTime cpu) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    Exposition result = parser.parse(input);
    cpu.parserCpuSeconds += (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    cpu.parsedMegabytes += input.length / 1e6;
    throughput.megabytesPerSecond += input.length / 1e6;
    return result;
  }
}
