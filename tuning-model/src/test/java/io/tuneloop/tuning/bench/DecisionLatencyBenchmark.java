package io.tuneloop.tuning.bench;

import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.decision.Decider;
import io.tuneloop.tuning.decision.Decision;
import io.tuneloop.tuning.guards.GuardChain;
import io.tuneloop.tuning.guards.GuardContext;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.planner.Bounds;
import io.tuneloop.tuning.planner.CandidateGenerator;
import io.tuneloop.tuning.planner.Mode;
import io.tuneloop.tuning.planner.Objectives;
import io.tuneloop.tuning.planner.PlanRequest;
import io.tuneloop.tuning.planner.Planner;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Snapshot to decision for a 100-broker, 10k-topic cluster: vectorise the snapshot, propose every
 * candidate inside wide bounds (all knobs allowed), predict them all with the standard ensemble,
 * choose, and run the standard guard chain. Goal: p99 at most 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class DecisionLatencyBenchmark {
  private Decider decider;
  private PlanRequest request;
  private GuardContext context;
  private int candidates;

  @Setup(Level.Trial)
  public void setUp() {
    ClusterSnapshot snapshot = BenchFixtures.largeCluster();
    Bounds bounds =
        new Bounds(50, 150, 20, 40, 3, CandidateGenerator.fullRanges(KnobCatalog.standard()));
    Planner planner = new Planner(BenchFixtures.standardModel(), CandidateGenerator.standard());
    GuardChain guards =
        GuardChain.standard(
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            4,
            Duration.ofMinutes(5),
            0.8,
            3,
            Duration.ofHours(6),
            Set.of());
    decider = new Decider(planner, guards);
    request = new PlanRequest(snapshot, bounds, Objectives.of(50, 0.7), Mode.AUTO, false);
    context = new GuardContext(SyntheticCluster.T0, Mode.AUTO, snapshot, bounds, List.of());
    candidates = CandidateGenerator.standard().candidates(snapshot.settings(), bounds).size();
    System.out.println(
        "decision over "
            + candidates
            + " candidates, "
            + snapshot.brokers().size()
            + " brokers, "
            + snapshot.bookies().size()
            + " bookies");
  }

  @Benchmark
  public Decision snapshotToDecision() {
    return decider.decide(request, context);
  }
}
