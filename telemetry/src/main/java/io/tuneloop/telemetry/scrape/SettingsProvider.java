package io.tuneloop.telemetry.scrape;

import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.TelemetryException;

/**
 * Supplies the cluster's current replicas and setting values: Kubernetes and the Pulsar admin API
 * in the operator, the fixture's configuration in a local run.
 */
@FunctionalInterface
public interface SettingsProvider {
  ClusterSettings current() throws TelemetryException;
}
