package io.tuneloop.telemetry.query;

import io.tuneloop.telemetry.promql.PromQlException;
import io.tuneloop.telemetry.promql.QueryResult;

/** Runs one PromQL instant query; {@code PromQlClient::queryVector} in production. */
@FunctionalInterface
public interface InstantQuery {
  QueryResult.Vector run(String promql) throws PromQlException;
}
