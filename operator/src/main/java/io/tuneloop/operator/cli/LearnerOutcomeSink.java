package io.tuneloop.operator.cli;

import io.tuneloop.operator.federation.ClusterFederation;
import io.tuneloop.operator.federation.ClusterFederator;
import io.tuneloop.operator.federation.FederationEvent;
import io.tuneloop.operator.federation.Federations;
import io.tuneloop.operator.loop.OutcomeSink;
import io.tuneloop.operator.loop.PerClusterState;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.tuning.action.Action;
import io.tuneloop.tuning.learner.Experience;
import io.tuneloop.tuning.learner.FineTune;
import io.tuneloop.tuning.learner.Learner;
import io.tuneloop.tuning.learner.LearnerConfig;
import io.tuneloop.tuning.learner.ReplayBufferFile;
import io.tuneloop.tuning.model.ObservedOutcome;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelLoadException;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds verified outcomes to the tuning model's {@link Learner}, one per cluster, with its replay
 * buffer persisted in the model directory; fine-tunes on the learner's schedule and saves the new
 * model version in the store.
 */
public final class LearnerOutcomeSink implements OutcomeSink, ClusterFederator, PerClusterState {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerOutcomeSink.class);
  private final Path modelDir;
  private final PerformanceModel model;
  private final Clock clock;
  private final Map<String, Learner> learners = new HashMap<>();
  private final Optional<Federations> federations;
  private final Map<String, ClusterFederation> federated = new HashMap<>();
  // Re-based models arrive on a baseline reader's thread; they are swapped in under this sink's
  // lock on the next use, so the two locks are never taken in opposite orders.
  private final Map<String, PerformanceModel> rebased = new ConcurrentHashMap<>();

  public LearnerOutcomeSink(Path modelDir, PerformanceModel model, Clock clock) {
    this(modelDir, model, clock, Optional.empty());
  }

  /**
   * @param federations present when clusters may join a federation (see {@link #federate})
   */
  public LearnerOutcomeSink(
      Path modelDir, PerformanceModel model, Clock clock, Optional<Federations> federations) {
    this.modelDir = modelDir;
    this.model = model;
    this.clock = clock;
    this.federations = federations;
  }

  /**
   * Follows the plan's federation (or leaves it when the plan does not join): the cluster's model
   * is re-based on the newest compatible baseline and on every newer one, and its learner continues
   * from the re-based model. Returns what the federation did last, for the cluster's status.
   */
  @Override
  public synchronized Optional<ClusterFederation> federate(ClusterPlan plan) throws IOException {
    if (federations.isEmpty()) {
      return Optional.empty();
    }
    String cluster = plan.clusterId();
    FeatureSchema schema = FeatureSchema.v1();
    ModelStore store = store(cluster, schema);
    PerformanceModel current =
        Optional.ofNullable(learners.get(cluster))
            .map(Learner::model)
            .orElseGet(() -> savedOrShared(store));
    Optional<ClusterFederation> f =
        federations.get().join(plan, current, store, m -> rebased.put(cluster, m));
    if (f.isPresent()) {
      federated.put(cluster, f.get());
    } else {
      federated.remove(cluster);
    }
    swapInRebased(cluster, schema);
    return f;
  }

  /**
   * The model {@code cluster}'s decisions should use: its learner's current one (fine-tuned or
   * re-based), else the one saved for it, else the shared starting model. A cluster whose files
   * cannot be read decides with the shared model, and the reason is logged.
   */
  public synchronized PerformanceModel modelFor(String cluster) {
    try {
      return learner(cluster, FeatureSchema.v1()).model();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("deciding for {} with the shared model: {}", cluster, e.getMessage());
      return model;
    }
  }

  @Override
  public synchronized void learn(
      ClusterSnapshot before, Action action, ClusterSnapshot after, ObservedOutcome outcome) {
    FeatureSchema schema = FeatureSchema.v1();
    try {
      Learner learner = learner(before.clusterId(), schema);
      learner.record(
          new Experience(
              clock.instant(),
              schema.vectorize(before),
              action.describe(),
              after.settings(),
              outcome));
      Optional<FineTune> tuned = learner.maybeFineTune(clock.instant());
      tuned.ifPresent(f -> LOG.info("fine-tuned the model of {}: {}", before.clusterId(), f));
      ClusterFederation fed = federated.get(before.clusterId());
      if (fed != null && tuned.isPresent() && tuned.get().adopted()) {
        FederationEvent e = fed.adopted(learner.model(), tuned.get().trainingSamples());
        LOG.info("federation of {}: {}: {}", before.clusterId(), e.reason(), e.message());
      }
    } catch (IOException e) {
      LOG.warn("could not record the outcome of {}: {}", action.describe(), e.getMessage());
    }
  }

  /**
   * Lets go of a deleted cluster: leaves its federation (reader, publisher and, when no other
   * cluster uses it, the Pulsar client are closed) and drops its learner and any re-based model not
   * yet taken. Its saved models and replay buffer stay on disk: a BrokerCluster created again under
   * the same name continues from them, as after an operator restart.
   */
  @Override
  public synchronized void forget(String cluster) {
    // Leave first: once the reader has stopped, no re-based model can arrive after the clear below.
    federations.ifPresent(f -> f.leave(cluster));
    federated.remove(cluster);
    rebased.remove(cluster);
    learners.remove(cluster);
  }

  /** The clusters this sink holds a learner, a federation or a re-based model for. */
  public synchronized java.util.Set<String> clustersHeld() {
    java.util.Set<String> held = new java.util.TreeSet<>(learners.keySet());
    held.addAll(federated.keySet());
    held.addAll(rebased.keySet());
    return held;
  }

  private Learner learner(String cluster, FeatureSchema schema) throws IOException {
    swapInRebased(cluster, schema);
    Learner l = learners.get(cluster);
    if (l == null) {
      ClusterFederation fed = federated.get(cluster);
      l =
          newLearner(
              cluster, schema, fed == null ? savedOrShared(store(cluster, schema)) : fed.model());
      learners.put(cluster, l);
    }
    return l;
  }

  /** A learner continues from a re-based model; its replay buffer is reloaded from its file. */
  private void swapInRebased(String cluster, FeatureSchema schema) throws IOException {
    PerformanceModel m = rebased.remove(cluster);
    if (m != null) {
      learners.put(cluster, newLearner(cluster, schema, m));
    }
  }

  private Learner newLearner(String cluster, FeatureSchema schema, PerformanceModel start)
      throws IOException {
    try {
      return new Learner(
          cluster,
          start,
          new ReplayBufferFile(modelDir.resolve(safe(cluster) + "-replay.jsonl"), schema),
          store(cluster, schema),
          LearnerConfig.standard());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private ModelStore store(String cluster, FeatureSchema schema) {
    return new ModelStore(modelDir.resolve(safe(cluster)), schema);
  }

  private PerformanceModel savedOrShared(ModelStore store) {
    try {
      Optional<Path> saved = store.current();
      if (saved.isPresent()) {
        return store.load(saved.get());
      }
    } catch (IOException | ModelLoadException e) {
      LOG.warn(
          "the saved model in {} is not usable, starting from the shared one: {}",
          store.directory(),
          e.getMessage());
    }
    return model;
  }

  private static String safe(String cluster) {
    return cluster.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
