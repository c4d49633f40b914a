package io.tuneloop.tuning.store;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.SchemaMismatchException;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.model.EnsembleConfig;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.ModelMetadata;
import io.tuneloop.tuning.model.NormalisationStats;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.model.ReferenceStatistics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The on-disk (and on-the-wire) form of a {@link PerformanceModel}: a zip holding {@code
 * model.properties} (versions, lineage, schema version and fingerprint, catalog version,
 * architecture, normalisation statistics, a SHA-256 per member) and one ModelSerializer file per
 * ensemble member (without updater state).
 *
 * <p>Reading refuses, with a {@link ModelLoadException} naming the artifact and the problem: a
 * truncated or non-zip file, missing entries, a checksum mismatch, another format, feature schema
 * or knob catalog, normalisation statistics other than the schema's reference ones, an architecture
 * that does not match, and non-finite weights.
 */
public final class ModelArtifact {
  /**
   * Written into every artifact; bump when the layout changes. Format 2 adds the derived
   * per-candidate inputs of {@link io.tuneloop.tuning.model.ModelInputs} after the knob values.
   */
  public static final String FORMAT = "tuneloop-model/2";

  static final String METADATA_ENTRY = "model.properties";
  private static final long MAX_BYTES = 64L << 20;

  private ModelArtifact() {}

  public static byte[] toBytes(PerformanceModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(model, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Writes {@code model} to {@code out} (which is not closed). */
  public static void write(PerformanceModel model, OutputStream out) throws IOException {
    ModelMetadata meta = model.metadata();
    List<byte[]> members = new ArrayList<>();
    for (MultiLayerNetwork net : model.memberCopies()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, b, false);
      members.add(b.toByteArray());
    }
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("modelVersion", meta.modelVersion());
    p.setProperty("lineage.baseline", meta.lineage().baselineVersion());
    p.setProperty("lineage.parent", meta.lineage().parentVersion());
    p.setProperty("schema.version", meta.schemaVersion());
    p.setProperty("schema.fingerprint", meta.schemaFingerprint());
    p.setProperty("catalog.version", meta.catalogVersion());
    EnsembleConfig c = meta.config();
    p.setProperty("config.members", Integer.toString(c.members()));
    p.setProperty(
        "config.hidden",
        c.hiddenLayers().stream().map(String::valueOf).collect(Collectors.joining(",")));
    p.setProperty("config.learningRate", Double.toString(c.learningRate()));
    p.setProperty("config.l2", Double.toString(c.l2()));
    p.setProperty("config.baseSeed", Long.toString(c.baseSeed()));
    NormalisationStats s = meta.stats();
    p.setProperty("stats.inputMean", join(s.inputMean()));
    p.setProperty("stats.inputStd", join(s.inputStd()));
    p.setProperty("stats.outputMean", join(s.outputMean()));
    p.setProperty("stats.outputStd", join(s.outputStd()));
    p.setProperty("stats.fingerprint", s.fingerprint());
    p.setProperty("trainingSamples", Long.toString(meta.trainingSamples()));
    p.setProperty("createdAt", meta.createdAt().toString());
    for (int i = 0; i < members.size(); i++) {
      p.setProperty("member." + i + ".sha256", sha256(members.get(i)));
    }
    StringWriter text = new StringWriter();
    p.store(text, "Tuneloop performance model");
    ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
    put(zip, METADATA_ENTRY, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < members.size(); i++) {
      put(zip, memberEntry(i), members.get(i));
    }
    zip.finish();
    zip.close();
  }

  /** Reads and fully checks an artifact from {@code in}; {@code what} names it in errors. */
  public static PerformanceModel read(InputStream in, String what, FeatureSchema schema)
      throws ModelLoadException {
    byte[] bytes;
    try {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ModelLoadException(what + " could not be read: " + e.getMessage(), e);
    }
    return read(bytes, what, schema);
  }

  /** Reads and fully checks an artifact held in {@code bytes}. */
  public static PerformanceModel read(byte[] bytes, String what, FeatureSchema schema)
      throws ModelLoadException {
    if (bytes.length > MAX_BYTES) {
      throw new ModelLoadException(what + " is larger than " + (MAX_BYTES >> 20) + " MiB");
    }
    if (bytes.length == 0) {
      throw new ModelLoadException(what + " is empty");
    }
    Map<String, byte[]> entries = unzip(bytes, what);
    byte[] metaBytes = entries.get(METADATA_ENTRY);
    if (metaBytes == null) {
      throw new ModelLoadException(
          what + " has no " + METADATA_ENTRY + "; it is not a Tuneloop model (or is truncated)");
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(metaBytes, StandardCharsets.ISO_8859_1)));
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelLoadException(what + " has an unreadable " + METADATA_ENTRY, e);
    }
    Fields f = new Fields(p, what);
    String format = f.text("format");
    if (!FORMAT.equals(format)) {
      throw new ModelLoadException(
          what
              + " has format '"
              + format
              + "', expected "
              + FORMAT
              + "; its input layout differs, so it cannot be used: retrain or re-fetch a "
              + FORMAT
              + " model");
    }
    try {
      schema.requireCompatible(f.text("schema.version"), f.text("schema.fingerprint"), what);
    } catch (SchemaMismatchException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    String catalog = f.text("catalog.version");
    if (!KnobCatalog.VERSION.equals(catalog)) {
      throw new ModelLoadException(
          what + " was built for knob catalog " + catalog + ", expected " + KnobCatalog.VERSION);
    }
    EnsembleConfig config;
    NormalisationStats stats;
    Instant createdAt;
    try {
      config =
          new EnsembleConfig(
              f.integer("config.members"),
              Arrays.stream(f.text("config.hidden").split(","))
                  .map(String::trim)
                  .map(Integer::valueOf)
                  .toList(),
              f.decimal("config.learningRate"),
              f.decimal("config.l2"),
              f.whole("config.baseSeed"));
      stats =
          new NormalisationStats(
              f.decimals("stats.inputMean"),
              f.decimals("stats.inputStd"),
              f.decimals("stats.outputMean"),
              f.decimals("stats.outputStd"));
      createdAt = Instant.parse(f.text("createdAt"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ModelLoadException(what + " has invalid metadata: " + e.getMessage(), e);
    }
    NormalisationStats reference = ReferenceStatistics.forSchema(schema, KnobCatalog.standard());
    if (!stats.equals(reference)) {
      throw new ModelLoadException(
          what
              + " normalises with statistics "
              + stats.fingerprint()
              + ", but schema "
              + schema.version()
              + " fixes "
              + reference.fingerprint()
              + "; weights trained under other statistics cannot be used or averaged");
    }
    List<MultiLayerNetwork> members = new ArrayList<>();
    for (int i = 0; i < config.members(); i++) {
      byte[] m = entries.get(memberEntry(i));
      if (m == null) {
        throw new ModelLoadException(what + " is missing " + memberEntry(i) + " (truncated?)");
      }
      String want = f.text("member." + i + ".sha256");
      String got = sha256(m);
      if (!want.equals(got)) {
        throw new ModelLoadException(
            what + " member " + i + " is corrupt: sha256 " + got + ", expected " + want);
      }
      MultiLayerNetwork net;
      try {
        net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(m), false);
      } catch (IOException | RuntimeException e) {
        throw new ModelLoadException(
            what + " member " + i + " cannot be restored: " + e.getMessage(), e);
      }
      long bad = nonFinite(net);
      if (bad > 0) {
        throw new ModelLoadException(
            what + " member " + i + " has " + bad + " non-finite (NaN or infinite) weights");
      }
      members.add(net);
    }
    ModelMetadata meta;
    try {
      meta =
          new ModelMetadata(
              f.text("modelVersion"),
              new Lineage(f.text("lineage.baseline"), f.text("lineage.parent")),
              f.text("schema.version"),
              f.text("schema.fingerprint"),
              catalog,
              config,
              stats,
              f.whole("trainingSamples"),
              createdAt);
      return PerformanceModel.fromMembers(meta, members, schema);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          what + " does not match its declared model: " + e.getMessage(), e);
    }
  }

  private static Map<String, byte[]> unzip(byte[] bytes, String what) throws ModelLoadException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        byte[] data = zip.readNBytes((int) MAX_BYTES);
        if (entries.put(e.getName(), data) != null) {
          throw new ModelLoadException(what + " holds entry " + e.getName() + " twice");
        }
      }
    } catch (IOException e) {
      throw new ModelLoadException(
          what + " is truncated or not a Tuneloop model (zip: " + e.getMessage() + ")", e);
    }
    if (entries.isEmpty()) {
      throw new ModelLoadException(what + " is not a zip archive; not a Tuneloop model");
    }
    return entries;
  }

  private static long nonFinite(MultiLayerNetwork net) {
    long bad = 0;
    for (double v : net.params().dup().data().asDouble()) {
      if (!Double.isFinite(v)) {
        bad++;
      }
    }
    return bad;
  }

  private static String memberEntry(int i) {
    return "member-" + i + ".dl4j";
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    // The entry time carries no information; the model's own createdAt is in the metadata.
    e.setTime(0);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static String join(double[] a) {
    return Arrays.stream(a).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  /** Typed access to metadata fields with errors that name the field. */
  private record Fields(Properties p, String what) {
    String text(String key) throws ModelLoadException {
      String v = p.getProperty(key);
      if (v == null || v.isBlank()) {
        throw new ModelLoadException(what + " metadata lacks '" + key + "'");
      }
      return v.trim();
    }

    int integer(String key) throws ModelLoadException {
      try {
        return Integer.parseInt(text(key));
      } catch (NumberFormatException e) {
        throw new ModelLoadException(what + " metadata '" + key + "' is not a whole number", e);
      }
    }

    long whole(String key) throws ModelLoadException {
      try {
        return Long.parseLong(text(key));
      } catch (NumberFormatException e) {
        throw new ModelLoadException(what + " metadata '" + key + "' is not a whole number", e);
      }
    }

    double decimal(String key) throws ModelLoadException {
      try {
        return Double.parseDouble(text(key));
      } catch (NumberFormatException e) {
        throw new ModelLoadException(what + " metadata '" + key + "' is not a number", e);
      }
    }

    double[] decimals(String key) throws ModelLoadException {
      try {
        return Arrays.stream(text(key).split(",")).mapToDouble(Double::parseDouble).toArray();
      } catch (NumberFormatException e) {
        throw new ModelLoadException(what + " metadata '" + key + "' is not a list of numbers", e);
      }
    }
  }

  /** Lets ModelSerializer and ZipOutputStream close what they like without closing the caller's. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
