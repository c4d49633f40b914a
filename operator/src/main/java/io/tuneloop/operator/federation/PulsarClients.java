package io.tuneloop.operator.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pulsar client per distinct federation service URL: clusters that federate through the same
 * Pulsar share its connections and threads. Every client is closed with this pool.
 */
public final class PulsarClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PulsarClients.class);
  private final Map<String, PulsarClient> clients = new LinkedHashMap<>();

  public synchronized PulsarClient forUrl(String serviceUrl) throws PulsarClientException {
    return forUrl(serviceUrl, Optional.empty());
  }

  /**
   * The client for {@code serviceUrl}, trusting {@code trustCertsPem} (a PEM CA bundle) for a
   * {@code pulsar+ssl://} URL when given, with hostname verification on. The bundle is written to
   * an owner-only file, since the client reads trust certificates from a path.
   */
  public synchronized PulsarClient forUrl(String serviceUrl, Optional<String> trustCertsPem)
      throws PulsarClientException {
    String key = serviceUrl + trustCertsPem.map(p -> "|" + p.hashCode()).orElse("");
    PulsarClient c = clients.get(key);
    if (c == null) {
      ClientBuilder b =
          PulsarClient.builder().serviceUrl(serviceUrl).operationTimeout(30, TimeUnit.SECONDS);
      if (trustCertsPem.isPresent()) {
        b.tlsTrustCertsFilePath(trustFile(trustCertsPem.get()).toString())
            .enableTlsHostnameVerification(true);
      }
      c = b.build();
      clients.put(key, c);
    }
    return c;
  }

  private static Path trustFile(String pem) throws PulsarClientException {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tuneloop-ca");
      Files.createDirectories(dir);
      Path file = Files.createTempFile(dir, "federation-", ".pem");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new PulsarClientException("cannot write the federation's CA bundle: " + e.getMessage());
    }
  }

  /**
   * Closes every client not in {@code inUse}: the last cluster that federated through it has left,
   * and its connections and threads would otherwise stay open until the operator stops.
   */
  public synchronized void retainOnly(java.util.Collection<PulsarClient> inUse) {
    var it = clients.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, PulsarClient> e = it.next();
      if (!inUse.contains(e.getValue())) {
        closeQuietly(e.getKey(), e.getValue());
        it.remove();
      }
    }
  }

  public synchronized int size() {
    return clients.size();
  }

  @Override
  public synchronized void close() {
    clients.forEach(PulsarClients::closeQuietly);
    clients.clear();
  }

  private static void closeQuietly(String key, PulsarClient client) {
    try {
      client.close();
    } catch (PulsarClientException ex) {
      // The key names the URL and a hash of the CA bundle, never the bundle itself.
      LOG.warn("closing the Pulsar client for {} failed: {}", key, ex.toString());
    }
  }
}
