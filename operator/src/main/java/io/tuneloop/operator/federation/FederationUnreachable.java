package io.tuneloop.operator.federation;

import io.tuneloop.operator.spec.ClusterPlan;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The federation's Pulsar could not be reached, said so that a status condition helps: the Pulsar
 * client often reports a failed TLS handshake only as "Connection already closed", so when a TLS or
 * certificate error is found among the causes, the message says that the handshake failed, why, and
 * which trust source was used (the Secret named in {@code federation.trustCertsSecretRef}, or the
 * JVM's trust store), never the CA bundle itself.
 */
public final class FederationUnreachable extends IOException {
  private FederationUnreachable(String message, Throwable cause) {
    super(message, cause);
  }

  /** Describes {@code failure} of reaching {@code federation}'s Pulsar. */
  public static FederationUnreachable of(ClusterPlan.Federation federation, Throwable failure) {
    String url = federation.serviceUrl();
    Optional<String> tls =
        tlsCause(failure)
            .map(TlsHandshakeProbe::describe)
            .or(
                () ->
                    TlsHandshakeProbe.failure(
                        url, federation.trustCertsPem(), Duration.ofSeconds(5)));
    if (tls.isPresent()) {
      return new FederationUnreachable(
          "TLS handshake with "
              + url
              + " failed, trusting "
              + federation.trustSource()
              + ": "
              + tls.get()
              + " (the Pulsar client said: "
              + failure.getMessage()
              + ")",
          failure);
    }
    return new FederationUnreachable(
        "cannot reach "
            + url
            + (url.startsWith("pulsar+ssl://")
                ? " over TLS, trusting " + federation.trustSource()
                : "")
            + ": "
            + failure.getMessage(),
        failure);
  }

  /** The first TLS or certificate error among the causes and suppressed exceptions. */
  static Optional<Throwable> tlsCause(Throwable failure) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    todo.add(failure);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SSLException || t instanceof CertificateException) {
        return Optional.of(t);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      for (Throwable s : t.getSuppressed()) {
        todo.add(s);
      }
    }
    return Optional.empty();
  }
}
