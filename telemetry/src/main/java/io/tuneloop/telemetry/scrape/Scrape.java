package io.tuneloop.telemetry.scrape;

import io.tuneloop.telemetry.prometheus.Exposition;
import java.time.Instant;
import java.util.Objects;

/** One parsed answer of one endpoint and when it was taken. */
public record Scrape(Exposition exposition, Instant at) {
  public Scrape {
    Objects.requireNonNull(exposition, "exposition");
    Objects.requireNonNull(at, "at");
  }
}
