package io.tuneloop.operator.faults;

import io.tuneloop.operator.ScriptedTelemetry;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.actuators.ReplicationStatus;
import io.tuneloop.operator.loop.DecisionMaker;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What one operator process is built from, apart from its Kubernetes client: the planner, the
 * telemetry source, the bookies' replication state and HTTP admin API, the Pulsar admin actuator
 * (none by default) and the clock. A killed process's replacement is built from the same parts, as
 * a restarted pod is from the same image and configuration.
 *
 * @param bookieHttp where every bookie's HTTP admin API is reached (a test's stand-in), if anywhere
 */
record OperatorParts(
    DecisionMaker maker,
    Function<ClusterPlan, SnapshotSource> telemetry,
    ReplicationStatus replication,
    BookieHttpAdmin bookies,
    Optional<URI> bookieHttp,
    PulsarAdminActuator dynamic,
    Clock clock) {

  /** Scripted telemetry, no under-replicated ledgers, no bookie or Pulsar admin API. */
  static OperatorParts of(DecisionMaker maker) {
    return of(maker, Clock.systemUTC());
  }

  /** As {@link #of(DecisionMaker)}, with {@code clock} for the operator and its telemetry. */
  static OperatorParts of(DecisionMaker maker, Clock clock) {
    URI nowhere = URI.create("http://127.0.0.1:1");
    ScriptedTelemetry scripted = new ScriptedTelemetry(clock);
    return new OperatorParts(
        maker,
        plan -> scripted,
        () -> OptionalLong.of(0),
        new BookieHttpAdmin(() -> nowhere, Duration.ofSeconds(1)),
        Optional.empty(),
        null,
        clock);
  }

  /** Telemetry built for the cluster's plan, as the operator builds it (PromQL, pod scraping). */
  OperatorParts withTelemetry(Function<ClusterPlan, SnapshotSource> t) {
    return new OperatorParts(maker, t, replication, bookies, bookieHttp, dynamic, clock);
  }

  OperatorParts withReplication(ReplicationStatus r) {
    return new OperatorParts(maker, telemetry, r, bookies, bookieHttp, dynamic, clock);
  }

  /** Bookie HTTP admin API at {@code uri}, also used as the roll's replication status. */
  OperatorParts withBookieHttp(URI uri) {
    BookieHttpAdmin admin = new BookieHttpAdmin(() -> uri, Duration.ofSeconds(2));
    return new OperatorParts(maker, telemetry, admin, admin, Optional.of(uri), dynamic, clock);
  }

  OperatorParts withDynamic(PulsarAdminActuator d) {
    return new OperatorParts(maker, telemetry, replication, bookies, bookieHttp, d, clock);
  }
}
