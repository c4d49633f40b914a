package io.tuneloop.operator.federation;

import io.tuneloop.federation.baseline.Baseline;
import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.update.UpdatePublisher;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.Lineage;
import io.tuneloop.tuning.model.ModelMetadata;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federated training for one cluster: follows the newest compatible baseline and re-bases the
 * cluster's personal model onto it (new baseline plus the local fine-tuning delta), and, when the
 * cluster shares updates, publishes the clipped difference of each adopted fine-tune to the
 * baseline it started from. Only weights leave the cluster, never telemetry.
 *
 * <p>Nothing here throws into the reconcile: a refused baseline or a failed publish is logged and
 * reported as the {@link #lastEvent()}, and the model stays as it was.
 */
public final class ClusterFederation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterFederation.class);

  private final String clusterKey;
  private final FeatureSchema schema;
  private final ModelStore store;
  private final BaselineFiles baselines;
  private final BaselineReader reader;
  private final Optional<UpdatePublisher> publisher;
  private final Clock clock;
  private final Consumer<PerformanceModel> onRebased;
  private PerformanceModel model;
  private Baseline trainedFrom;
  private FederationEvent lastEvent;

  private ClusterFederation(
      String clusterKey,
      FeatureSchema schema,
      PerformanceModel model,
      ModelStore store,
      BaselineFiles baselines,
      BaselineReader reader,
      Optional<UpdatePublisher> publisher,
      Clock clock,
      Consumer<PerformanceModel> onRebased) {
    this.clusterKey = clusterKey;
    this.schema = schema;
    this.model = model;
    this.store = store;
    this.baselines = baselines;
    this.reader = reader;
    this.publisher = publisher;
    this.clock = clock;
    this.onRebased = onRebased;
    this.lastEvent =
        new FederationEvent(true, FederationEvent.NO_BASELINE, "no federated baseline seen yet");
  }

  /**
   * Re-bases {@code model} onto the reader's newest baseline (if any), then follows the reader.
   *
   * @param clusterKey names the cluster in logs and model versions (never sent anywhere)
   * @param model the cluster's current personal model, as loaded from {@code store}
   * @param store where re-based models are saved so they survive restarts
   * @param reader an open reader for this cluster's federation tenant and schema; closed with this
   * @param publisher present when the cluster shares updates; closed with this
   * @param onRebased told about every re-based model (on the reader's thread)
   */
  public static ClusterFederation start(
      String clusterKey,
      FeatureSchema schema,
      PerformanceModel model,
      ModelStore store,
      BaselineReader reader,
      Optional<UpdatePublisher> publisher,
      Clock clock,
      Consumer<PerformanceModel> onRebased) {
    ClusterFederation f =
        new ClusterFederation(
            Objects.requireNonNull(clusterKey, "clusterKey"),
            Objects.requireNonNull(schema, "schema"),
            Objects.requireNonNull(model, "model"),
            Objects.requireNonNull(store, "store"),
            new BaselineFiles(store.directory().resolve("federated-baselines")),
            Objects.requireNonNull(reader, "reader"),
            Objects.requireNonNull(publisher, "publisher"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(onRebased, "onRebased"));
    synchronized (f) {
      f.trainedFrom =
          BaselineFiles.version(model.metadata().lineage().baselineVersion())
              .flatMap(f.baselines::find)
              .orElse(null);
      reader.newest().ifPresent(f::offer);
    }
    reader.onNewer(f::offer);
    return f;
  }

  public synchronized PerformanceModel model() {
    return model;
  }

  /** The federated baseline version the current model is based on. */
  public synchronized Optional<Long> baselineVersion() {
    return Optional.ofNullable(trainedFrom).map(Baseline::version);
  }

  public synchronized FederationEvent lastEvent() {
    return lastEvent;
  }

  /**
   * Re-bases the model onto {@code b} when it is newer than the current baseline and fits the
   * model; otherwise refuses it and changes nothing.
   */
  public synchronized FederationEvent offer(Baseline b) {
    if (trainedFrom != null && b.version() <= trainedFrom.version()) {
      return event(
          new FederationEvent(
              true,
              FederationEvent.BASELINE_CURRENT,
              "model "
                  + model.version()
                  + " is already based on baseline "
                  + trainedFrom.version()));
    }
    if (!b.fits(schema.version(), schema.fingerprint())) {
      return refuse(
          b,
          "it was built for schema "
              + b.schemaVersion()
              + "/"
              + b.schemaFingerprint()
              + ", the model uses "
              + schema.version()
              + "/"
              + schema.fingerprint());
    }
    long n = model.numParams();
    if (b.dimension() != n) {
      return refuse(
          b,
          "it has "
              + b.dimension()
              + " parameters, model "
              + model.version()
              + " has "
              + n
              + " (another model layout)");
    }
    float[] next = b.parameters();
    float[] personal;
    String how;
    if (trainedFrom == null) {
      personal = next;
      how = "taken as is (no local training on a federated baseline yet)";
    } else {
      personal = Rebase.onto(model.params().toFloatVector(), trainedFrom.parameters(), next);
      how = "plus the local delta to baseline " + trainedFrom.version();
    }
    PerformanceModel rebased;
    try {
      rebased = withBaseline(b.version());
      rebased.setParams(Nd4j.create(personal).reshape(1, personal.length));
    } catch (IllegalArgumentException e) {
      return refuse(b, e.getMessage());
    }
    try {
      baselines.save(b);
      store.save(rebased);
    } catch (IOException e) {
      LOG.warn("{}: could not save the model re-based on baseline {}", clusterKey, b, e);
      return event(
          new FederationEvent(
              false,
              FederationEvent.SAVE_FAILED,
              "re-basing on baseline " + b.version() + " not saved: " + e.getMessage()));
    }
    model = rebased;
    trainedFrom = b;
    FederationEvent ev =
        new FederationEvent(
            true,
            FederationEvent.REBASED,
            "model " + rebased.version() + " re-based on baseline " + b.version() + ", " + how);
    LOG.info("{}: {}", clusterKey, ev.message());
    try {
      onRebased.accept(rebased);
    } catch (RuntimeException e) {
      LOG.warn("{}: a listener failed on the re-based model", clusterKey, e);
    }
    return event(ev);
  }

  /**
   * Takes an adopted fine-tune as the cluster's model and, when the cluster shares updates,
   * publishes its clipped difference to the baseline it started from with its sample count. A
   * failure is reported, never thrown.
   */
  public synchronized FederationEvent adopted(PerformanceModel fineTuned, long samples) {
    model = Objects.requireNonNull(fineTuned, "fineTuned");
    if (publisher.isEmpty()) {
      return event(
          new FederationEvent(
              true, FederationEvent.UPDATE_NOT_SHARED, "shareUpdates is off; nothing published"));
    }
    if (trainedFrom == null) {
      return event(
          new FederationEvent(
              true,
              FederationEvent.UPDATE_NOT_SHARED,
              "model " + fineTuned.version() + " is not based on a federated baseline"));
    }
    if (samples < 1) {
      return event(
          new FederationEvent(
              true,
              FederationEvent.UPDATE_NOT_SHARED,
              "fine-tune of " + fineTuned.version() + " used no samples"));
    }
    try {
      UpdatePublisher.Published p =
          publisher.get().publish(trainedFrom, fineTuned.params().toFloatVector(), samples);
      return event(
          new FederationEvent(
              true,
              FederationEvent.UPDATE_PUBLISHED,
              String.format(
                  Locale.ROOT,
                  "update for round %d (baseline %d, %d samples, norm %.4f clipped to %.4f)",
                  p.update().roundId(),
                  trainedFrom.version(),
                  samples,
                  p.normBeforeClip(),
                  p.update().l2Norm())));
    } catch (Exception e) {
      LOG.warn("{}: publishing the update of {} failed", clusterKey, fineTuned.version(), e);
      return event(
          new FederationEvent(
              false,
              FederationEvent.UPDATE_PUBLISH_FAILED,
              "publishing the update of " + fineTuned.version() + " failed: " + e.getMessage()));
    }
  }

  private PerformanceModel withBaseline(long version) {
    ModelMetadata m = model.metadata();
    String newVersion = clusterKey.replaceAll("[^A-Za-z0-9._-]", "_") + "-b" + version;
    if (newVersion.equals(m.modelVersion())) {
      newVersion = newVersion + "-" + clock.millis();
    }
    ModelMetadata meta =
        new ModelMetadata(
            newVersion,
            new Lineage(BaselineFiles.label(version), m.modelVersion()),
            m.schemaVersion(),
            m.schemaFingerprint(),
            m.catalogVersion(),
            m.config(),
            m.stats(),
            m.trainingSamples(),
            clock.instant());
    return PerformanceModel.fromMembers(meta, model.memberCopies(), schema);
  }

  private FederationEvent refuse(Baseline b, String why) {
    FederationEvent ev =
        new FederationEvent(
            false,
            FederationEvent.BASELINE_REFUSED,
            "baseline "
                + b.version()
                + " refused: "
                + why
                + "; model "
                + model.version()
                + " kept");
    LOG.warn("{}: {}", clusterKey, ev.message());
    return event(ev);
  }

  private FederationEvent event(FederationEvent e) {
    lastEvent = e;
    return e;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      if (publisher.isPresent()) {
        publisher.get().close();
      }
    }
  }
}
