package io.tuneloop.telemetry.promql;

import java.net.URI;

/** Builds {@link PromQlException}s for tests of code that calls PromQL, outside this package. */
public final class PromQlFailures {
  private PromQlFailures() {}

  public static PromQlException of(PromQlException.Kind kind, String problem, String query) {
    return new PromQlException(kind, problem, query, URI.create("http://127.0.0.1:9090"), null);
  }
}
