package io.tuneloop.telemetry.snapshot;

/**
 * Where snapshots come from: a Prometheus server, the pods' metrics endpoints, the Pulsar admin
 * API, or the digital twin. Implementations never throw for missing data; they return a snapshot
 * whose readings are absent and whose {@code problems} say why. They throw {@link
 * TelemetryException} only when nothing at all could be observed.
 */
public interface SnapshotSource {
  ClusterSnapshot observe() throws TelemetryException;
}
