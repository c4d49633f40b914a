package io.tuneloop.operator.reconciler;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterStatus;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus;
import io.tuneloop.operator.decisions.DecisionRecords;
import io.tuneloop.operator.federation.ClusterFederation;
import io.tuneloop.operator.federation.ClusterFederator;
import io.tuneloop.operator.federation.FederationEvent;
import io.tuneloop.operator.loop.LoopResult;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.operator.spec.SpecValidation;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import io.tuneloop.tuning.planner.Mode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a BrokerCluster: validates the spec (an invalid spec gets a condition and nothing
 * else), runs one pass of the {@link TuningLoop}, and writes the status (conditions,
 * observedGeneration, replicas, settings, last decision). It reads spec, acts through the loop and
 * writes status; that is all. Status is written with a JSON patch (never server-side apply).
 *
 * <p>It is registered to see deletions too ({@link TuneloopOperator}): for a deleted cluster it
 * only lets go of what this process holds for it (metric series, admin and federation clients,
 * learner, histories; see {@link PerClusterState}), and touches neither the Pulsar cluster nor the
 * model files. Its TuningDecisions go with it through their owner reference.
 */
@ControllerConfiguration(name = "brokercluster")
public class BrokerClusterReconciler implements Reconciler<BrokerCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerClusterReconciler.class);
  private final KubernetesClient client;
  private final SpecValidator validator;
  private final EnvironmentProvider environments;
  private final TuningLoop loop;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final ClusterFederator federator;
  private final PerClusterState alsoHeld;
  // The uid each cluster id was last reconciled with: a different one means the BrokerCluster was
  // deleted and created again, and what is held for the old one must go even if its deletion was
  // never seen on its own.
  private final Map<String, String> uids = new ConcurrentHashMap<>();

  public BrokerClusterReconciler(
      KubernetesClient client,
      SpecValidator validator,
      EnvironmentProvider environments,
      TuningLoop loop,
      OperatorMetrics metrics,
      Clock clock) {
    this(client, validator, environments, loop, metrics, clock, ClusterFederator.NONE);
  }

  public BrokerClusterReconciler(
      KubernetesClient client,
      SpecValidator validator,
      EnvironmentProvider environments,
      TuningLoop loop,
      OperatorMetrics metrics,
      Clock clock,
      ClusterFederator federator) {
    this(client, validator, environments, loop, metrics, clock, federator, PerClusterState.NONE);
  }

  /**
   * @param alsoHeld what else keeps state per cluster (the learner, the decisions page's history);
   *     forgotten with the metrics and environments when a cluster is deleted
   */
  public BrokerClusterReconciler(
      KubernetesClient client,
      SpecValidator validator,
      EnvironmentProvider environments,
      TuningLoop loop,
      OperatorMetrics metrics,
      Clock clock,
      ClusterFederator federator,
      PerClusterState alsoHeld) {
    this.alsoHeld = alsoHeld;
    this.federator = federator;
    this.client = client;
    this.validator = validator;
    this.environments = environments;
    this.loop = loop;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<BrokerCluster> reconcile(BrokerCluster bc, Context<BrokerCluster> context) {
    String clusterId = bc.getMetadata().getNamespace() + "/" + bc.getMetadata().getName();
    if (context != null && context.isPrimaryResourceDeleted()) {
      uids.remove(clusterId);
      forget(clusterId);
      LOG.info("BrokerCluster {} was deleted: released what the operator held for it", clusterId);
      return UpdateControl.noUpdate();
    }
    if (bc.isMarkedForDeletion()) {
      // Being deleted (another finalizer, or foreground deletion of its decisions): no new
      // decision; what is held for it goes when the deletion completes.
      return UpdateControl.noUpdate();
    }
    String uid = bc.getMetadata().getUid();
    String previousUid = uid == null ? null : uids.put(clusterId, uid);
    if (previousUid != null && !previousUid.equals(uid)) {
      LOG.info("BrokerCluster {} was created again: starting it afresh", clusterId);
      forget(clusterId);
    }
    long started = System.nanoTime();
    String name = bc.getMetadata().getName();
    Instant now = clock.instant();
    Long generation = bc.getMetadata().getGeneration();
    BrokerClusterStatus status =
        bc.getStatus() == null ? new BrokerClusterStatus() : bc.getStatus();
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    status.observedGeneration = generation;
    SpecValidation validation =
        validator.validate(bc.getMetadata().getNamespace(), name, bc.getSpec());
    try {
      if (!validation.isValid()) {
        String message = validation.message();
        boolean changed =
            Conditions.find(status.conditions, Conditions.READY)
                .map(c -> !message.equals(c.getMessage()))
                .orElse(true);
        Conditions.set(
            status.conditions, Conditions.READY, false, "InvalidSpec", message, now, generation);
        Conditions.set(
            status.conditions,
            Conditions.DEGRADED,
            true,
            "InvalidSpec",
            "nothing is observed or changed until the spec is fixed",
            now,
            generation);
        if (changed) {
          new KubernetesEventSink(client, bc, clock).emit(true, "InvalidSpec", message);
        }
        writeStatus(bc, status);
        return UpdateControl.noUpdate();
      }
      ClusterPlan plan = validation.plan().orElseThrow();
      federate(bc, status, plan, now, generation);
      LoopResult r;
      try {
        r =
            loop.run(
                plan,
                environments.environment(plan, Objects.requireNonNullElse(generation, 0L)),
                new KubernetesEventSink(client, bc, clock),
                td -> own(bc, td));
      } catch (KubernetesClientException e) {
        reportApiError(bc, status, e, now, generation);
        throw e;
      }
      apply(status, plan, r, now, generation);
      writeStatus(bc, status);
      return UpdateControl.<BrokerCluster>noUpdate().rescheduleAfter(r.requeueAfter());
    } finally {
      metrics.reconcileSeconds(clusterId, (System.nanoTime() - started) / 1e9);
    }
  }

  /** Lets go of everything this process holds for the cluster; files on disk are kept. */
  private void forget(String clusterId) {
    environments.forget(clusterId);
    alsoHeld.forget(clusterId);
    // Last: once its series are gone from /metrics, nothing else is held for the cluster.
    metrics.forget(clusterId);
  }

  /**
   * Follows the cluster's federation and reports it in the status: the baseline version the model
   * is based on and a Federated condition whose reason says what happened last (a refused baseline
   * or a failed publish is reported there and as an Event, never fails the reconcile).
   */
  private void federate(
      BrokerCluster bc, BrokerClusterStatus status, ClusterPlan plan, Instant now, Long gen) {
    Optional<ClusterFederation> f;
    try {
      f = federator.federate(plan);
    } catch (IOException | RuntimeException e) {
      String message = "cannot follow the federation: " + e.getMessage();
      boolean changed =
          Conditions.find(status.conditions, Conditions.FEDERATED)
              .map(c -> !"FederationUnreachable".equals(c.getReason()))
              .orElse(true);
      Conditions.set(
          status.conditions,
          Conditions.FEDERATED,
          false,
          "FederationUnreachable",
          message,
          now,
          gen);
      if (changed) {
        LOG.warn("BrokerCluster {}: {}", plan.clusterId(), message);
        new KubernetesEventSink(client, bc, clock).emit(true, "FederationUnreachable", message);
      }
      return;
    }
    if (f.isEmpty()) {
      status.conditions.removeIf(c -> Conditions.FEDERATED.equals(c.getType()));
      return;
    }
    f.get().baselineVersion().ifPresent(v -> status.baselineVersion = "federated-" + v);
    FederationEvent e = f.get().lastEvent();
    boolean changed =
        Conditions.find(status.conditions, Conditions.FEDERATED)
            .map(c -> !e.message().equals(c.getMessage()))
            .orElse(true);
    Conditions.set(
        status.conditions, Conditions.FEDERATED, e.ok(), e.reason(), e.message(), now, gen);
    if (changed && !e.ok()) {
      new KubernetesEventSink(client, bc, clock).emit(true, e.reason(), e.message());
    }
  }

  private void apply(
      BrokerClusterStatus status, ClusterPlan plan, LoopResult r, Instant now, Long gen) {
    status.effectiveMode = modeName(r.effectiveMode());
    if (r.snapshot().isPresent()) {
      ClusterSnapshot s = r.snapshot().get();
      status.brokers = s.settings().brokers();
      status.bookies = s.settings().bookies();
      Map<String, String> settings = new TreeMap<>();
      for (String knob : plan.bounds().allowedKnobs().keySet()) {
        Knob k = KnobCatalog.standard().get(knob);
        s.settings()
            .value(knob)
            .ifPresentOrElse(
                v -> settings.put(knob, v), () -> settings.put(knob, k.format(k.pulsarDefault())));
      }
      status.settings = settings;
      String windowEnd = s.windowEnd().toString();
      var p99 = DecisionRecords.p99(s);
      if (p99.isPresent() && !windowEnd.equals(status.lastObservedAt)) {
        status.p99PublishLatencyMs = p99.getAsDouble();
        status.sloWindows = Objects.requireNonNullElse(status.sloWindows, 0L) + 1;
        long met = Objects.requireNonNullElse(status.sloWindowsMet, 0L);
        if (p99.getAsDouble() <= plan.objectives().sloP99Ms()) {
          met++;
        }
        status.sloWindowsMet = met;
        status.sloAttainment = (double) met / status.sloWindows;
      }
      status.lastObservedAt = windowEnd;
      Conditions.set(
          status.conditions,
          Conditions.TELEMETRY_HEALTHY,
          r.telemetryProblem().isEmpty(),
          r.telemetryProblem().isEmpty() ? "Healthy" : "TelemetryIncomplete",
          r.telemetryProblem()
              .orElse(
                  String.format(
                      java.util.Locale.ROOT,
                      "window %s..%s, %.0f%% complete",
                      s.windowStart(),
                      s.windowEnd(),
                      s.completeness() * 100)),
          now,
          gen);
    } else if (r.telemetryProblem().isPresent()) {
      Conditions.set(
          status.conditions,
          Conditions.TELEMETRY_HEALTHY,
          false,
          "NoTelemetry",
          r.telemetryProblem().get(),
          now,
          gen);
    }
    if (r.modelProblem().isPresent()) {
      Conditions.set(
          status.conditions,
          Conditions.MODEL_READY,
          false,
          "PlannerFailed",
          r.modelProblem().get(),
          now,
          gen);
    } else if (r.modelVersion().isPresent()) {
      status.modelVersion = r.modelVersion().get();
      Conditions.set(
          status.conditions,
          Conditions.MODEL_READY,
          true,
          "ModelLoaded",
          "model " + r.modelVersion().get(),
          now,
          gen);
    }
    boolean paused = r.effectiveMode() != Mode.AUTO;
    Conditions.set(
        status.conditions,
        Conditions.PAUSED,
        paused,
        paused ? "Mode" + modeName(r.effectiveMode()) : "ModeAuto",
        paused ? "decisions are recorded, not applied" : "decisions are applied",
        now,
        gen);
    if (r.degraded().isPresent()) {
      Conditions.set(
          status.conditions,
          Conditions.DEGRADED,
          true,
          r.degraded().get().reason(),
          r.degraded().get().message(),
          now,
          gen);
    } else {
      Conditions.set(
          status.conditions, Conditions.DEGRADED, false, "AsExpected", r.summary(), now, gen);
    }
    progressing(status, r, now, gen);
    Conditions.set(status.conditions, Conditions.READY, true, "Reconciled", r.summary(), now, gen);
    r.lastDecision()
        .ifPresent(
            td -> {
              BrokerClusterStatus.LastDecision last = new BrokerClusterStatus.LastDecision();
              last.name = td.getMetadata().getName();
              last.action = td.getSpec().action.description;
              last.phase = td.getStatus().phase == null ? null : td.getStatus().phase.name();
              last.time = td.getStatus().plannedAt;
              status.lastDecision = last;
            });
    metrics.mode(plan.clusterId(), r.effectiveMode());
  }

  /**
   * Progressing, as a Deployment has it: False with reason ProgressDeadlineExceeded while the
   * change in flight is Stalled (its message names the pod and since when), True otherwise.
   */
  private static void progressing(BrokerClusterStatus status, LoopResult r, Instant now, Long gen) {
    TuningDecisionStatus.Phase phase =
        r.lastDecision().map(td -> td.getStatus().phase).orElse(null);
    if (phase == TuningDecisionStatus.Phase.Stalled) {
      Conditions.set(
          status.conditions,
          Conditions.PROGRESSING,
          false,
          "ProgressDeadlineExceeded",
          r.lastDecision().get().getMetadata().getName()
              + ": "
              + r.lastDecision().get().getStatus().message,
          now,
          gen);
    } else {
      boolean inFlight = phase != null && !phase.isFinal();
      Conditions.set(
          status.conditions,
          Conditions.PROGRESSING,
          true,
          inFlight ? "ChangeInFlight" : "NoChangeInFlight",
          r.summary(),
          now,
          gen);
    }
  }

  /**
   * A write of the loop's (a decision, its status, an Event) failed: JOSDK retries the reconcile
   * with backoff, and the status says why meanwhile, if the API takes that write. Whatever the loop
   * changed before the failure is recorded in an in-flight decision, which the retry continues.
   */
  private void reportApiError(
      BrokerCluster bc,
      BrokerClusterStatus status,
      KubernetesClientException e,
      Instant now,
      Long generation) {
    Conditions.set(
        status.conditions,
        Conditions.DEGRADED,
        true,
        "KubernetesApiError",
        "the Kubernetes API failed a write (status "
            + e.getCode()
            + "), retrying with backoff: "
            + e.getMessage(),
        now,
        generation);
    try {
      writeStatus(bc, status);
    } catch (KubernetesClientException ignored) {
      // The API is failing; the retry writes the status once it answers again.
    }
  }

  private void own(BrokerCluster bc, TuningDecision td) {
    td.getMetadata()
        .setOwnerReferences(
            java.util.List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(bc.getApiVersion())
                    .withKind(bc.getKind())
                    .withName(bc.getMetadata().getName())
                    .withUid(bc.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(false)
                    .build()));
  }

  private void writeStatus(BrokerCluster bc, BrokerClusterStatus status) {
    client
        .resources(BrokerCluster.class)
        .inNamespace(bc.getMetadata().getNamespace())
        .withName(bc.getMetadata().getName())
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }

  static String modeName(Mode m) {
    return switch (m) {
      case OBSERVE -> "Observe";
      case RECOMMEND -> "Recommend";
      case AUTO -> "Auto";
    };
  }
}
