package io.tuneloop.tuning.store;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.TrainingData;
import io.tuneloop.tuning.model.TrainingReport;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the shipped baseline ({@code src/main/resources/io/tuneloop/tuning/store/baseline-v1.tlm})
 * by training the standard ensemble on the {@link SyntheticCluster} surface. Deterministic: the
 * same command writes the same weights. Until the fleet-pretrained baseline from cluster-sim
 * ({@code tuneloop pretrain-baseline}) replaces it, this is what a first install starts from.
 *
 * <p>Run: {@code java -cp <test classpath> io.tuneloop.tuning.store.BaselineArtifactWriter <out>
 * [samples] [epochs]}.
 */
public final class BaselineArtifactWriter {
  private BaselineArtifactWriter() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    FeatureSchema schema = FeatureSchema.v1();
    String version = "shipped-synthetic-v1";
    PerformanceModel model =
        PerformanceModel.initialise(
            EnsembleConfig.standard(),
            schema,
            version,
            Lineage.baseline(version),
            SyntheticCluster.T0);
    TrainingData data = model.encode(SyntheticCluster.samples(samples, 2026));
    long t0 = System.nanoTime();
    TrainingReport report = model.fit(data, epochs, 64);
    System.out.printf(
        Locale.ROOT,
        "trained %s on %d synthetic samples x %d epochs in %.1f s: mse %.4f -> %.4f%n",
        version,
        samples,
        epochs,
        (System.nanoTime() - t0) / 1e9,
        report.mseBefore(),
        report.mseAfter());
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(out)) {
      ModelArtifact.write(model, os);
    }
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }
}
