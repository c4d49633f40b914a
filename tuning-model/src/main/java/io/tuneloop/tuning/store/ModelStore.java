package io.tuneloop.tuning.store;

import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster's models in one directory: one artifact per version ({@code <version>.tlm}) and a
 * {@code CURRENT} file naming the one in use. Writes are atomic (temporary file, then move), so a
 * crash leaves the previous model in use. When the current model cannot be used, the shipped
 * baseline for the schema is used instead and the reason is returned.
 */
public final class ModelStore {
  static final String CURRENT = "CURRENT";
  private static final String SUFFIX = ".tlm";

  private final Path directory;
  private final FeatureSchema schema;

  public ModelStore(Path directory, FeatureSchema schema) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  public Path directory() {
    return directory;
  }

  /** Writes {@code model} as a new version and makes it current; returns its file. */
  public Path save(PerformanceModel model) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(fileName(model.version()));
    writeAtomically(file, out -> ModelArtifact.write(model, out));
    writeAtomically(
        directory.resolve(CURRENT),
        out -> out.write(file.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
    return file;
  }

  /** The artifact {@code CURRENT} names, if there is one. */
  public Optional<Path> current() throws IOException {
    Path pointer = directory.resolve(CURRENT);
    if (!Files.exists(pointer)) {
      return Optional.empty();
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
    if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
      throw new IOException(pointer + " names '" + name + "', expected a file in " + directory);
    }
    return Optional.of(directory.resolve(name));
  }

  /** Reads and checks the artifact at {@code file}. */
  public PerformanceModel load(Path file) throws ModelLoadException {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("model file " + file + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return ModelArtifact.read(in, "model file " + file, schema);
    } catch (IOException e) {
      throw new ModelLoadException("model file " + file + " could not be read: " + e, e);
    }
  }

  /**
   * The current model, or the shipped baseline with the reason the current one was not used.
   *
   * @throws IllegalStateException when even the shipped baseline cannot be loaded (a broken
   *     release, not a runtime condition)
   */
  public LoadedModel loadCurrentOrBaseline() {
    String reason;
    try {
      Optional<Path> current = current();
      if (current.isPresent()) {
        return new LoadedModel(load(current.get()), current.get().toString(), Optional.empty());
      }
      reason = "no model saved in " + directory + " yet";
    } catch (ModelLoadException e) {
      reason = e.getMessage();
    } catch (IOException e) {
      reason = "model directory " + directory + " unreadable: " + e.getMessage();
    }
    try {
      return new LoadedModel(
          ShippedBaseline.load(schema), ShippedBaseline.resource(schema), Optional.of(reason));
    } catch (ModelLoadException e) {
      throw new IllegalStateException(
          "the shipped baseline is unusable (" + e.getMessage() + ") after: " + reason, e);
    }
  }

  static String fileName(String version) {
    return version.replaceAll("[^A-Za-z0-9._-]", "_") + SUFFIX;
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private void writeAtomically(Path target, Writer writer) throws IOException {
    Path tmp = Files.createTempFile(directory, ".tmp-", SUFFIX);
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
