package io.tuneloop.telemetry.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a metrics endpoint's text over HTTP with a deadline and a size cap, so one hung or
 * runaway pod cannot stall or exhaust the operator.
 */
public final class MetricsFetcher {
  private final HttpClient http;
  private final Duration timeout;
  private final int maxBytes;

  public MetricsFetcher(HttpClient http, Duration timeout, int maxBytes) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("scrape timeout must be positive, got " + timeout);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("scrape size cap must be positive, got " + maxBytes);
    }
    this.http = http;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  public MetricsFetcher(Duration timeout) {
    this(HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, 256 * 1024 * 1024);
  }

  /**
   * The body of {@code url}.
   *
   * @throws IOException naming the URL and what went wrong: refused, timed out, non-200, too big
   */
  public byte[] fetch(URI url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Accept", "text/plain;version=0.0.4")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scraping " + url, e);
    } catch (IOException e) {
      throw new IOException("scrape of " + url + " failed: " + describe(e), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("scrape of " + url + " answered HTTP " + response.statusCode());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = body.read(buf)) > 0) {
        if (out.size() + n > maxBytes) {
          throw new IOException(
              "scrape of " + url + " exceeded the " + maxBytes + "-byte cap; refusing to parse it");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
