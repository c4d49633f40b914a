package io.tuneloop.telemetry.promql;

import java.util.List;

/**
 * The data of a successful PromQL query, by Prometheus result type, with the server's warnings
 * (empty unless the client was built to tolerate warnings).
 */
public sealed interface QueryResult
    permits QueryResult.Vector, QueryResult.Matrix, QueryResult.Scalar, QueryResult.Text {

  /** The result type as Prometheus names it: vector, matrix, scalar or string. */
  String resultType();

  List<String> warnings();

  /** An instant vector: one sample per series. */
  record Vector(List<InstantSample> samples, List<String> warnings) implements QueryResult {
    public Vector {
      samples = List.copyOf(samples);
      warnings = List.copyOf(warnings);
    }

    @Override
    public String resultType() {
      return "vector";
    }
  }

  /** A range vector: points per series, as returned by range queries. */
  record Matrix(List<RangeSeries> series, List<String> warnings) implements QueryResult {
    public Matrix {
      series = List.copyOf(series);
      warnings = List.copyOf(warnings);
    }

    @Override
    public String resultType() {
      return "matrix";
    }
  }

  /** A single number, e.g. from {@code scalar(...)} or a literal. */
  record Scalar(Point point, List<String> warnings) implements QueryResult {
    public Scalar {
      java.util.Objects.requireNonNull(point, "point");
      warnings = List.copyOf(warnings);
    }

    @Override
    public String resultType() {
      return "scalar";
    }
  }

  /** A string literal result. */
  record Text(java.time.Instant time, String value, List<String> warnings) implements QueryResult {
    public Text {
      java.util.Objects.requireNonNull(time, "time");
      java.util.Objects.requireNonNull(value, "value");
      warnings = List.copyOf(warnings);
    }

    @Override
    public String resultType() {
      return "string";
    }
  }
}
