package io.tuneloop.sim.fleet;

import io.tuneloop.sim.policy.BenchBounds;
import io.tuneloop.sim.policy.LaggedOutcomes;
import io.tuneloop.sim.twin.TwinParameters;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Sample;
import io.tuneloop.tuning.model.TrainingData;
import io.tuneloop.tuning.model.TrainingReport;
import io.tuneloop.tuning.store.ModelArtifact;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tuneloop pretrain-baseline}: simulates a diverse fleet ({@link Fleet}) under random
 * exploration, collects (features, settings, lagged outcome: {@link LaggedOutcomes}) samples as the
 * learner would on real clusters, trains a fresh {@link PerformanceModel} on them and writes the
 * artifact that ships as the first federated baseline. Deterministic for a seed (DL4J training is
 * seeded).
 *
 * <p>Run with {@code OMP_NUM_THREADS=1}; it takes a few minutes on two cores.
 */
@Command(
    name = "pretrain-baseline",
    mixinStandardHelpOptions = true,
    description =
        "Pre-train the shipped baseline PerformanceModel on a fleet of diverse simulated clusters.")
public final class PretrainCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      description = "Artifact to write (default: ${DEFAULT-VALUE}).",
      defaultValue = "cluster-sim/src/main/resources/baseline/baseline-v1.tlm")
  Path out;

  @Option(
      names = "--clusters",
      description = "Fleet size (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int clusters;

  @Option(
      names = "--hours",
      description = "Simulated hours per cluster (default: ${DEFAULT-VALUE}).",
      defaultValue = "12")
  double hours;

  @Option(
      names = "--epochs",
      description = "Training epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int epochs;

  @Option(
      names = "--seed",
      description = "Fleet seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--outcome-lag",
      description =
          "Windows between a decision and the window whose outcome it is credited with"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + LaggedOutcomes.DEFAULT_LAG)
  int outcomeLag;

  @Option(
      names = "--version",
      description = "Model version to record (default: ${DEFAULT-VALUE}).",
      defaultValue = "baseline-sim-1")
  String version;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PretrainCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    FeatureSchema schema = FeatureSchema.v1();
    List<Sample> samples = collect(TwinParameters.calibrated(), schema, err);
    PerformanceModel model =
        PerformanceModel.initialise(
            EnsembleConfig.standard(), schema, version, Lineage.baseline(version), Instant.EPOCH);
    TrainingData data = model.encode(samples);
    long t0 = System.nanoTime();
    TrainingReport report = model.fit(data, epochs, 128);
    err.printf(
        Locale.ROOT,
        "trained on %d samples, %d epochs in %.1f s: %s%n",
        samples.size(),
        epochs,
        (System.nanoTime() - t0) / 1e9,
        report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(out)) {
      ModelArtifact.write(model, os);
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %s (%d bytes): %s, %d samples from %d clusters x %.0f h, seed %d, outcome lag %d%n",
            out,
            Files.size(out),
            version,
            samples.size(),
            clusters,
            hours,
            seed,
            outcomeLag);
    return 0;
  }

  /** The fleet's samples, cluster by cluster. */
  public List<Sample> collect(TwinParameters base, FeatureSchema schema, PrintWriter err) {
    List<Sample> samples = new ArrayList<>();
    SampleCollector collector = new SampleCollector(schema, outcomeLag);
    List<SimulatedCluster> fleet = Fleet.diverse(base, clusters, hours, seed);
    for (int i = 0; i < fleet.size(); i++) {
      SimulatedCluster c = fleet.get(i);
      List<Sample> s =
          collector.collect(
              c, new ExplorationPolicy(BenchBounds.standard(), seed * 7919 + i), seed + i);
      samples.addAll(s);
      err.printf(Locale.ROOT, "[%d/%d] %s: %d samples%n", i + 1, fleet.size(), c.name(), s.size());
      err.flush();
    }
    return samples;
  }
}
