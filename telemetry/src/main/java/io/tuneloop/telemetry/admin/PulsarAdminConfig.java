package io.tuneloop.telemetry.admin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link PulsarAdminTelemetry} reaches a broker's admin REST API.
 *
 * @param webServiceUrl the broker's (or proxy's) web service, {@code http://host:8080} or {@code
 *     https://host:8443}
 * @param authToken a JWT for token authentication, or {@code null} when the cluster has none. It is
 *     never printed: {@link #toString()} and every error message mask it.
 * @param tlsTrustCertsFile a PEM file of the CAs to trust for {@code https}, or {@code null} for
 *     the JVM's default trust store
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long one admin call may take in total
 */
public record PulsarAdminConfig(
    URI webServiceUrl,
    String authToken,
    Path tlsTrustCertsFile,
    Duration connectTimeout,
    Duration requestTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  public PulsarAdminConfig {
    Objects.requireNonNull(webServiceUrl, "webServiceUrl");
    String scheme = webServiceUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "webServiceUrl=" + webServiceUrl + " must be an http:// or https:// URL");
    }
    if (webServiceUrl.getHost() == null) {
      throw new IllegalArgumentException("webServiceUrl=" + webServiceUrl + " has no host");
    }
    if (webServiceUrl.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "webServiceUrl for host "
              + webServiceUrl.getHost()
              + " carries user info; pass credentials as authToken instead");
    }
    if (authToken != null && authToken.isBlank()) {
      throw new IllegalArgumentException("authToken is blank; pass null for no authentication");
    }
    if (tlsTrustCertsFile != null) {
      if (!"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "tlsTrustCertsFile="
                + tlsTrustCertsFile
                + " is set but webServiceUrl="
                + webServiceUrl
                + " is not https");
      }
      if (!Files.isReadable(tlsTrustCertsFile)) {
        throw new IllegalArgumentException(
            "tlsTrustCertsFile=" + tlsTrustCertsFile + " is not a readable file");
      }
    }
    checkPositive("connectTimeout", connectTimeout);
    checkPositive("requestTimeout", requestTimeout);
  }

  /** Plain HTTP, no authentication, default timeouts. */
  public static PulsarAdminConfig of(String webServiceUrl) {
    return new PulsarAdminConfig(
        URI.create(webServiceUrl), null, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  public PulsarAdminConfig withAuthToken(String token) {
    return new PulsarAdminConfig(
        webServiceUrl, token, tlsTrustCertsFile, connectTimeout, requestTimeout);
  }

  public PulsarAdminConfig withTlsTrustCertsFile(Path pem) {
    return new PulsarAdminConfig(webServiceUrl, authToken, pem, connectTimeout, requestTimeout);
  }

  public PulsarAdminConfig withTimeouts(Duration connect, Duration request) {
    return new PulsarAdminConfig(webServiceUrl, authToken, tlsTrustCertsFile, connect, request);
  }

  /** The base URL without a trailing slash. */
  public String baseUrl() {
    String s = webServiceUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Replaces the token, if any, in {@code text}. */
  String redact(String text) {
    if (text == null || authToken == null) {
      return text;
    }
    return text.replace(authToken, "***");
  }

  @Override
  public String toString() {
    return "PulsarAdminConfig[webServiceUrl="
        + webServiceUrl
        + ", authToken="
        + (authToken == null ? "none" : "***")
        + ", tlsTrustCertsFile="
        + tlsTrustCertsFile
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  private static void checkPositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + "=" + d + " must be positive and below 24 days");
    }
  }
}
