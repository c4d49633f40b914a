package io.tuneloop.operator.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * The per-operator secret the pseudonymous cluster ids are derived from. Generated once and kept in
 * the model directory, so a cluster keeps its pseudonym across restarts; it never leaves the
 * cluster.
 */
public final class OperatorSecret {
  private static final int BYTES = 32;

  private OperatorSecret() {}

  /** Reads the secret from {@code file}, creating it with random bytes when missing. */
  public static byte[] loadOrCreate(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      byte[] b = Files.readAllBytes(file);
      if (b.length < 16) {
        throw new IOException(
            "federation secret " + file + " has " + b.length + " bytes, expected at least 16");
      }
      return b;
    }
    byte[] b = new byte[BYTES];
    new SecureRandom().nextBytes(b);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(file.getFileName() + ".tmp");
    Files.write(tmp, b);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return b;
  }
}
