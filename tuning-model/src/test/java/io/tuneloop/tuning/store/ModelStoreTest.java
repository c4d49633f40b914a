package io.tuneloop.tuning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.telemetry.features.Feature;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.Scaling;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.Reading;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.Prediction;
import io.tuneloop.tuning.testing.SyntheticCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.v1();
  private static PerformanceModel model;
  private static byte[] artifact;

  @TempDir Path dir;

  @BeforeAll
  static void smallTrainedModel() {
    model =
        PerformanceModel.initialise(
            new EnsembleConfig(3, List.of(16), 1e-2, 0, 11),
            SCHEMA,
            "c1-7",
            new Lineage("fleet-3", "c1-6"),
            SyntheticCluster.T0);
    model.fit(model.encode(SyntheticCluster.samples(64, 5)), 2, 32);
    artifact = ModelArtifact.toBytes(model);
  }

  @Test
  void roundTripKeepsWeightsPredictionsAndMetadata() throws Exception {
    ModelStore store = new ModelStore(dir, SCHEMA);
    Path file = store.save(model);
    assertThat(file.getFileName().toString()).isEqualTo("c1-7.tlm");
    assertThat(store.current()).contains(file);
    PerformanceModel back = store.load(file);
    assertThat(back.params().equals(model.params())).isTrue();
    assertThat(back.metadata()).isEqualTo(model.metadata());
    assertThat(back.metadata().lineage()).isEqualTo(new Lineage("fleet-3", "c1-6"));
    assertThat(back.metadata().trainingSamples()).isEqualTo(64);
    var snap =
        SyntheticCluster.snapshot(
            new SyntheticCluster.Load(20_000, 1024, 300),
            SyntheticCluster.settings(4, 4, 1),
            SyntheticCluster.T0);
    List<ClusterSettings> c = List.of(SyntheticCluster.settings(5, 4, 2));
    Prediction a = model.predict(snap, c).get(0);
    Prediction b = back.predict(snap, c).get(0);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void refusesTruncatedFiles() throws Exception {
    Path f = dir.resolve("truncated.tlm");
    Files.write(f, java.util.Arrays.copyOf(artifact, artifact.length / 2));
    assertThatThrownBy(() -> new ModelStore(dir, SCHEMA).load(f))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model file " + f)
        .hasMessageMatching("(?s).*(truncated|corrupt|missing member).*");
    Path empty = dir.resolve("empty.tlm");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> new ModelStore(dir, SCHEMA).load(empty))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("is empty");
    Path text = dir.resolve("text.tlm");
    Files.writeString(text, "not a model at all");
    assertThatThrownBy(() -> new ModelStore(dir, SCHEMA).load(text))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not a Tuneloop model");
  }

  @Test
  void refusesAnotherSchemaVersionOrFingerprint() throws Exception {
    byte[] v2 = rewriteMetadata(artifact, "schema.version", "v2");
    assertThatThrownBy(() -> ModelArtifact.read(v2, "artifact", SCHEMA))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("was built for feature schema v2")
        .hasMessageContaining("expected v1 (" + SCHEMA.fingerprint() + ")");
    FeatureSchema other =
        new FeatureSchema(
            "v1",
            List.of(new Feature("only_one", "count", Scaling.IDENTITY, s -> Reading.absent("x"))));
    assertThatThrownBy(() -> ModelArtifact.read(artifact, "artifact", other))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("expected v1 (" + other.fingerprint() + ")");
    byte[] catalog = rewriteMetadata(artifact, "catalog.version", "knobs-v0");
    assertThatThrownBy(() -> ModelArtifact.read(catalog, "artifact", SCHEMA))
        .hasMessageContaining("knob catalog knobs-v0, expected knobs-v1");
  }

  @Test
  void refusesAnOlderFormatWithItsDifferentInputLayout() throws Exception {
    byte[] v1 = rewriteMetadata(artifact, "format", "tuneloop-model/1");
    assertThatThrownBy(() -> ModelArtifact.read(v1, "artifact", SCHEMA))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("has format 'tuneloop-model/1', expected tuneloop-model/2")
        .hasMessageContaining("input layout differs");
  }

  @Test
  void refusesNormalisationOtherThanTheSchemasReference() throws Exception {
    Map<String, String> meta = metadata(artifact);
    String means = meta.get("stats.inputMean");
    byte[] refitted =
        rewriteMetadata(artifact, "stats.inputMean", means.replaceFirst("^[^,]+", "9.5"));
    assertThatThrownBy(() -> ModelArtifact.read(refitted, "artifact", SCHEMA))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot be used or averaged");
  }

  @Test
  void refusesNanWeightsAndCorruptMembers() throws Exception {
    MultiLayerNetwork poisoned = model.memberCopies().get(1);
    poisoned.params().putScalar(3, Double.NaN);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ModelSerializer.writeModel(poisoned, b, false);
    byte[] member = b.toByteArray();
    byte[] nan =
        rewrite(
            artifact,
            Map.of("member-1.dl4j", member),
            Map.of("member.1.sha256", ModelArtifact.sha256(member)));
    assertThatThrownBy(() -> ModelArtifact.read(nan, "artifact", SCHEMA))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("artifact member 1 has 1 non-finite (NaN or infinite) weights");

    byte[] flipped = rewrite(artifact, Map.of("member-2.dl4j", member), Map.of());
    assertThatThrownBy(() -> ModelArtifact.read(flipped, "artifact", SCHEMA))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("artifact member 2 is corrupt: sha256");
  }

  @Test
  void setParamsRefusesNonFiniteOrMisSizedVectors() {
    PerformanceModel copy = model.derive("copy", SyntheticCluster.T0);
    var p = copy.params();
    p.putScalar(0, Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> copy.setParams(p)).hasMessageContaining("1 non-finite values");
    assertThatThrownBy(() -> copy.setParams(org.nd4j.linalg.factory.Nd4j.zeros(1, 10)))
        .hasMessageContaining("has 10 values");
    assertThat(copy.params().equals(model.params())).isTrue();
  }

  @Test
  void fallsBackToTheShippedBaselineWithTheReason() throws Exception {
    ModelStore store = new ModelStore(dir, SCHEMA);
    LoadedModel none = store.loadCurrentOrBaseline();
    assertThat(none.isFallback()).isTrue();
    assertThat(none.fallbackReason().get()).contains("no model saved in");
    assertThat(none.source()).isEqualTo("baseline-v1.tlm");
    assertThat(none.model().metadata().schemaFingerprint()).isEqualTo(SCHEMA.fingerprint());

    Path saved = store.save(model);
    assertThat(store.loadCurrentOrBaseline().isFallback()).isFalse();

    Files.write(saved, java.util.Arrays.copyOf(artifact, 1000));
    LoadedModel broken = store.loadCurrentOrBaseline();
    assertThat(broken.isFallback()).isTrue();
    assertThat(broken.fallbackReason().get()).contains(saved.toString());
    assertThat(broken.model().version()).isEqualTo(ShippedBaseline.load(SCHEMA).version());
  }

  private static Map<String, String> metadata(byte[] zip) throws IOException {
    java.util.Properties p = new java.util.Properties();
    p.load(new ByteArrayInputStream(entries(zip).get(ModelArtifact.METADATA_ENTRY)));
    Map<String, String> m = new LinkedHashMap<>();
    p.forEach((k, v) -> m.put((String) k, (String) v));
    return m;
  }

  private static byte[] rewriteMetadata(byte[] zip, String key, String value) throws IOException {
    return rewrite(zip, Map.of(), Map.of(key, value));
  }

  /** The artifact with some entries replaced and some metadata keys changed. */
  private static byte[] rewrite(byte[] zip, Map<String, byte[]> replace, Map<String, String> meta)
      throws IOException {
    Map<String, byte[]> e = entries(zip);
    e.putAll(replace);
    java.util.Properties p = new java.util.Properties();
    p.load(new ByteArrayInputStream(e.get(ModelArtifact.METADATA_ENTRY)));
    meta.forEach(p::setProperty);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    p.store(text, null);
    e.put(ModelArtifact.METADATA_ENTRY, text.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var en : e.entrySet()) {
        z.putNextEntry(new ZipEntry(en.getKey()));
        z.write(en.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        m.put(e.getName(), z.readAllBytes());
      }
    }
    return m;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
