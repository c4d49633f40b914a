package io.tuneloop.operator.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made at test time with the JDK's {@code keytool}, valid for a day, that
 * signs server certificates for 127.0.0.1 and localhost. (BouncyCastle's PKIX signer does not load
 * here: Pulsar brings bcpkix and bcprov of different versions.) Its files stay in its directory.
 */
final class TestCertificateAuthority {
  /** A server's certificate and its PKCS#8 private key, both PEM. */
  record ServerCertificate(String certificatePem, String privateKeyPem) {}

  private static final String PASSWORD = "test-only";
  private final Path dir;
  private final Path keystore;

  TestCertificateAuthority(Path dir, String name) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.keystore = dir.resolve("ca.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "1",
        "-dname",
        "CN=" + name,
        "-ext",
        "bc:c",
        "-keystore",
        keystore.toString());
  }

  /** The CA certificate, PEM: what a client trusts. */
  String certificatePem() throws IOException {
    Path pem = dir.resolve("ca.cert.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        keystore.toString(),
        "-file",
        pem.toString());
    return Files.readString(pem, StandardCharsets.US_ASCII);
  }

  ServerCertificate issueServer() throws IOException, GeneralSecurityException {
    Path server = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path cert = dir.resolve("server.cert.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "1",
        "-dname",
        "CN=localhost",
        "-keystore",
        server.toString());
    keytool(
        "-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        keystore.toString(),
        "-infile",
        csr.toString(),
        "-outfile",
        cert.toString(),
        "-validity",
        "1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-ext",
        "EKU=serverAuth");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(server)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Key key = ks.getKey("server", PASSWORD.toCharArray());
    String pkcs8 =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return new ServerCertificate(Files.readString(cert, StandardCharsets.US_ASCII), pkcs8);
  }

  private static void keytool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool " + args[0], e);
    } finally {
      p.destroyForcibly();
    }
  }
}
