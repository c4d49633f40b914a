package io.tuneloop.operator.federation;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineCodec;
import io.tuneloop.federation.wire.WireFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps the federated baselines a cluster's models were re-based onto, next to its model store. The
 * compacted baselines topic only keeps the newest version, but re-basing after a restart needs the
 * weights of the baseline the saved model was trained from, so they are kept here, one file per
 * version.
 */
final class BaselineFiles {
  private final Path directory;
  private final BaselineCodec codec = new BaselineCodec();

  BaselineFiles(Path directory) {
    this.directory = directory;
  }

  /** The label a model's lineage carries for a federated baseline. */
  static String label(long version) {
    return "federated-" + version;
  }

  /** The version named by a lineage label, when it names a federated baseline. */
  static Optional<Long> version(String label) {
    if (label == null || !label.startsWith("federated-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(label.substring("federated-".length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  void save(Baseline b) throws IOException {
    Files.createDirectories(directory);
    Path target = file(b.version());
    Path tmp = directory.resolve(target.getFileName() + ".tmp");
    Files.write(tmp, codec.encode(b));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The stored baseline of that version; empty when missing or unreadable. */
  Optional<Baseline> find(long version) {
    Path f = file(version);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(codec.decode(Files.readAllBytes(f)));
    } catch (IOException | WireFormatException e) {
      return Optional.empty();
    }
  }

  private Path file(long version) {
    return directory.resolve("baseline-" + version + ".tlbl");
  }
}
