package io.tuneloop.operator.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.operator.cli.LearnerOutcomeSink;
import io.tuneloop.operator.cli.PlannerDecisionMaker;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelArtifact;
import io.tuneloop.tuning.store.ShippedBaseline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad model files in the operator's model directory, through the operator's own entry points: the
 * shared model ({@link PlannerDecisionMaker#fromStore}) falls back to the shipped baseline and says
 * why, naming the file; a cluster's own saved model ({@link LearnerOutcomeSink#modelFor}) falls
 * back to the shared one. The bad file is left where it was, unchanged, for a person to look at.
 */
class ModelFileBadInputTest {
  static final FeatureSchema SCHEMA = FeatureSchema.v1();
  static final String CLUSTER = "pulsar/c1";
  static PerformanceModel baseline;
  static byte[] artifact;

  /** A bad model file: its bytes, and what the fallback reason must say. */
  record BadFile(String name, byte[] bytes, String reason) {}

  @BeforeAll
  static void baseline() throws Exception {
    baseline = ShippedBaseline.load(SCHEMA);
    artifact = ModelArtifact.toBytes(baseline);
  }

  static List<BadFile> files() throws IOException {
    MultiLayerNetwork poisoned = baseline.memberCopies().get(1);
    poisoned.params().putScalar(3, Double.NaN);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ModelSerializer.writeModel(poisoned, b, false);
    byte[] member = b.toByteArray();
    return List.of(
        new BadFile("truncated", Arrays.copyOf(artifact, artifact.length / 2), "model file"),
        new BadFile("cut-at-1000", Arrays.copyOf(artifact, 1000), "model file"),
        new BadFile("empty", new byte[0], "is empty"),
        new BadFile(
            "text", "not a model at all".getBytes(StandardCharsets.UTF_8), "not a Tuneloop model"),
        new BadFile(
            "schema-v2",
            rewrite(artifact, Map.of(), Map.of("schema.version", "v2")),
            "was built for feature schema v2"),
        new BadFile(
            "catalog-v0",
            rewrite(artifact, Map.of(), Map.of("catalog.version", "knobs-v0")),
            "knob catalog knobs-v0, expected knobs-v1"),
        new BadFile(
            "format-1",
            rewrite(artifact, Map.of(), Map.of("format", "tuneloop-model/1")),
            "has format 'tuneloop-model/1'"),
        new BadFile(
            "nan-weights",
            rewrite(
                artifact,
                Map.of("member-1.dl4j", member),
                Map.of("member.1.sha256", sha256(member))),
            "member 1 has 1 non-finite (NaN or infinite) weights"),
        new BadFile(
            "swapped-member",
            rewrite(artifact, Map.of("member-2.dl4j", member), Map.of()),
            "member 2 is corrupt: sha256"));
  }

  @Test
  void aBadSharedModelFallsBackToTheShippedBaselineAndSaysWhy(@TempDir Path root) throws Exception {
    int handled = 0;
    List<BadFile> files = files();
    for (BadFile f : files) {
      Path dir = root.resolve(f.name());
      Path file = write(dir, f);
      PlannerDecisionMaker maker = PlannerDecisionMaker.fromStore(dir);
      assertThat(maker.model().version()).as(f.name()).isEqualTo(baseline.version());
      assertThat(maker.describe())
          .as(f.name())
          .startsWith(baseline.version() + " from " + ShippedBaseline.resource(SCHEMA) + " (")
          .contains(file.toString())
          .contains(f.reason());
      assertThat(Files.readAllBytes(file)).as(f.name() + " left as it was").isEqualTo(f.bytes());
      handled++;
    }
    System.out.printf("model files (shared): tried %d, handled %d%n", files.size(), handled);
  }

  @Test
  void aPointerToNothingOrOutsideTheDirectoryFallsBack(@TempDir Path root) throws Exception {
    Map<String, String> pointers =
        Map.of("missing", "model-gone.tlm", "traversal", "../../etc/passwd", "blank", "  ");
    for (var p : pointers.entrySet()) {
      Path dir = root.resolve(p.getKey());
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("CURRENT"), p.getValue());
      PlannerDecisionMaker maker = PlannerDecisionMaker.fromStore(dir);
      assertThat(maker.model().version()).as(p.getKey()).isEqualTo(baseline.version());
      assertThat(maker.describe()).as(p.getKey()).contains(dir.toString());
    }
    System.out.printf(
        "model files (pointer): tried %d, handled %d%n", pointers.size(), pointers.size());
  }

  @Test
  void aBadClusterModelFallsBackToTheSharedModel(@TempDir Path root) throws Exception {
    List<BadFile> files = files();
    for (BadFile f : files) {
      Path modelDir = root.resolve(f.name());
      Path file = write(modelDir.resolve(CLUSTER.replace('/', '_')), f);
      LearnerOutcomeSink sink = new LearnerOutcomeSink(modelDir, baseline, Clock.systemUTC());
      assertThat(sink.modelFor(CLUSTER)).as(f.name()).isSameAs(baseline);
      assertThat(Files.readAllBytes(file)).as(f.name() + " left as it was").isEqualTo(f.bytes());
    }
    System.out.printf(
        "model files (per cluster): tried %d, handled %d%n", files.size(), files.size());
  }

  /** The file in {@code dir}, named as the current model. */
  static Path write(Path dir, BadFile f) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(f.name() + ".tlm");
    Files.write(file, f.bytes());
    Files.writeString(dir.resolve("CURRENT"), file.getFileName().toString());
    return file;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The artifact with some entries replaced and some metadata keys changed. */
  static byte[] rewrite(byte[] zip, Map<String, byte[]> replace, Map<String, String> meta)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    entries.putAll(replace);
    Properties p = new Properties();
    p.load(new ByteArrayInputStream(entries.get("model.properties")));
    meta.forEach(p::setProperty);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    p.store(text, null);
    entries.put("model.properties", text.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
