package io.tuneloop.operator.federation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One TLS handshake with a {@code pulsar+ssl://} service, trusting what the federation's client
 * trusts (the spec's CA bundle, else the JVM's trust store) and verifying the host name as it does.
 * Used only after the Pulsar client failed, because the client reports a failed handshake as
 * "Connection already closed" and keeps the reason to its log.
 */
final class TlsHandshakeProbe {
  private TlsHandshakeProbe() {}

  /**
   * Why a handshake with the first host of {@code serviceUrl} fails; empty when it succeeds, when
   * the URL is not {@code pulsar+ssl://}, or when the host cannot be reached at all (then TLS is
   * not the problem).
   */
  static Optional<String> failure(String serviceUrl, Optional<String> trustPem, Duration timeout) {
    if (!serviceUrl.startsWith("pulsar+ssl://")) {
      return Optional.empty();
    }
    // pulsar+ssl://host1:port1,host2:port2/ : the first host stands for all.
    String first = serviceUrl.substring("pulsar+ssl://".length()).split("[,/]", 2)[0];
    URI uri = URI.create("pulsar+ssl://" + first);
    if (uri.getHost() == null) {
      return Optional.empty();
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 6651;
    SSLContext context;
    try {
      context = context(trustPem);
    } catch (GeneralSecurityException | IOException e) {
      return Optional.of("the CA bundle cannot be used: " + e.getMessage());
    }
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      SSLParameters p = socket.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(p);
      socket.startHandshake();
      return Optional.empty();
    } catch (SSLException e) {
      return Optional.of(describe(e));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static SSLContext context(Optional<String> trustPem)
      throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (trustPem.isPresent()) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(trustPem.get().getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      tmf.init(store);
    } else {
      tmf.init((KeyStore) null);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** The TLS error and its deepest cause (the certificate path problem, usually). */
  static String describe(Throwable tls) {
    Throwable root = tls;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = root.getMessage();
    boolean said =
        root == tls
            || rootMessage != null
                && tls.getMessage() != null
                && tls.getMessage().contains(rootMessage);
    return said ? tls.toString() : tls + ", caused by " + root;
  }
}
