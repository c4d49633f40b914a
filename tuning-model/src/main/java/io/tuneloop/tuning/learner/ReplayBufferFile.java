package io.tuneloop.tuning.learner;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.features.FeatureVector;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.model.ObservedOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Persists a {@link ReplayBuffer} as a text file: a header naming the format, feature schema
 * (version and fingerprint) and knob catalog, then one tab-separated line per experience. Saving is
 * atomic. Loading refuses a file of another schema or catalog, and skips (and reports) lines that
 * do not parse, so one damaged line loses one experience, not the buffer.
 */
public final class ReplayBufferFile {
  static final String FORMAT = "tuneloop-replay/1";

  private final Path file;
  private final FeatureSchema schema;

  public ReplayBufferFile(Path file, FeatureSchema schema) {
    this.file = file;
    this.schema = schema;
  }

  /** What a load found: the buffer and the lines it had to skip, with reasons. */
  public record Loaded(ReplayBuffer buffer, List<String> skipped) {}

  public Path path() {
    return file;
  }

  public void save(ReplayBuffer buffer) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".replay-", ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(header());
        w.newLine();
        for (Experience e : buffer.snapshot()) {
          w.write(line(e));
          w.newLine();
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Appends one experience to the file (creating it with its header when needed). Cheaper than
   * {@link #save} per decision; {@link #load} keeps only the newest {@code capacity} lines, and a
   * periodic {@link #save} compacts the file.
   */
  public void append(Experience e) throws IOException {
    if (!Files.exists(file)) {
      // An empty buffer writes the header alone.
      save(new ReplayBuffer(1));
    }
    Files.writeString(
        file,
        line(e) + System.lineSeparator(),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /**
   * The persisted buffer (empty when there is no file yet) with at most {@code capacity} of its
   * newest experiences.
   *
   * @throws IOException when the file cannot be read or was written for another schema or catalog
   */
  public Loaded load(int capacity) throws IOException {
    ReplayBuffer buffer = new ReplayBuffer(capacity);
    List<String> skipped = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Loaded(buffer, skipped);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(header())) {
      throw new IOException(
          "replay buffer "
              + file
              + " starts with '"
              + (lines.isEmpty() ? "" : lines.get(0))
              + "', expected '"
              + header()
              + "'");
    }
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank()) {
        continue;
      }
      try {
        buffer.add(parse(l));
      } catch (RuntimeException e) {
        skipped.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Loaded(buffer, skipped);
  }

  private String header() {
    return "# "
        + FORMAT
        + " schema="
        + schema.version()
        + " fingerprint="
        + schema.fingerprint()
        + " catalog="
        + KnobCatalog.VERSION;
  }

  private String line(Experience e) {
    StringBuilder b = new StringBuilder();
    b.append(e.at()).append('\t');
    b.append(URLEncoder.encode(e.action(), StandardCharsets.UTF_8)).append('\t');
    double[] v = e.features().values();
    boolean[] p = e.features().present();
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ",").append(p[i] ? Double.toString(v[i]) : "NA");
    }
    b.append('\t');
    List<String> missing = e.features().missingReasons();
    b.append(URLEncoder.encode(String.join("\n", missing), StandardCharsets.UTF_8)).append('\t');
    ClusterSettings s = e.settingsAfter();
    b.append(s.brokers()).append('\t').append(s.bookies()).append('\t');
    List<String> kv = new ArrayList<>();
    for (Knob k : KnobCatalog.standard().settings()) {
      s.value(k.name())
          .ifPresent(x -> kv.add(k.name() + "=" + URLEncoder.encode(x, StandardCharsets.UTF_8)));
    }
    b.append(String.join("&", kv)).append('\t');
    ObservedOutcome o = e.outcome();
    b.append(o.p99LatencyMs()).append('\t').append(o.peakCpuUtilisation()).append('\t');
    b.append(o.headroom());
    return b.toString();
  }

  private Experience parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 10) {
      throw new IllegalArgumentException("has " + f.length + " fields, expected 10");
    }
    Instant at = Instant.parse(f[0]);
    String action = URLDecoder.decode(f[1], StandardCharsets.UTF_8);
    String[] vs = f[2].split(",", -1);
    if (vs.length != schema.size()) {
      throw new IllegalArgumentException(
          "has " + vs.length + " features, schema " + schema.version() + " has " + schema.size());
    }
    double[] values = new double[vs.length];
    boolean[] present = new boolean[vs.length];
    for (int i = 0; i < vs.length; i++) {
      if (vs[i].equals("NA")) {
        values[i] = Double.NaN;
      } else {
        values[i] = Double.parseDouble(vs[i]);
        present[i] = true;
        if (!Double.isFinite(values[i])) {
          throw new IllegalArgumentException("feature " + i + " is " + vs[i]);
        }
      }
    }
    String reasons = URLDecoder.decode(f[3], StandardCharsets.UTF_8);
    List<String> missing = reasons.isEmpty() ? List.of() : List.of(reasons.split("\n"));
    Map<String, String> settings = new LinkedHashMap<>();
    if (!f[6].isEmpty()) {
      for (String kv : f[6].split("&")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("setting '" + kv + "' is not name=value");
        }
        String name = kv.substring(0, eq);
        // Only catalog knobs are ever written; anything else means the line was tampered with.
        KnobCatalog.standard().get(name);
        settings.put(name, URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    ClusterSettings s =
        new ClusterSettings(Integer.parseInt(f[4]), Integer.parseInt(f[5]), settings);
    ObservedOutcome outcome =
        new ObservedOutcome(
            Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]));
    return new Experience(
        at, new FeatureVector(schema.version(), values, present, missing), action, s, outcome);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ReplayBufferFile[%s]", file);
  }
}
