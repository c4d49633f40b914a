package io.tuneloop.operator.federation;

import io.tuneloop.federation.baseline.BaselineReader;
import io.tuneloop.federation.clip.L2Clip;
import io.tuneloop.federation.topics.FederationTopics;
import io.tuneloop.federation.update.PseudonymousId;
import io.tuneloop.federation.update.UpdateComposer;
import io.tuneloop.federation.update.UpdatePublisher;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.model.PerformanceModel;
import io.tuneloop.tuning.store.ModelStore;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's federation side: for each cluster whose plan joins a federation, a baseline reader
 * on the cluster's tenant for the current feature schema and, when it shares updates, a publisher
 * whose cluster id is an HMAC of {@code namespace/name} under the operator's secret. Pulsar clients
 * are shared per service URL; everything is closed with this.
 */
public final class Federations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Federations.class);

  private final PulsarClients clients = new PulsarClients();
  private final PseudonymousId pseudonyms;
  private final FeatureSchema schema;
  private final Clock clock;
  // Keyed by "namespace/name|settings"; each remembers the client it reads and publishes through.
  private final Map<String, Joined> clusters = new LinkedHashMap<>();

  private record Joined(ClusterFederation federation, PulsarClient client) {}

  /**
   * @param secret the per-operator pseudonym secret (see {@link OperatorSecret}), at least 16 bytes
   */
  public Federations(byte[] secret, FeatureSchema schema, Clock clock) {
    this.pseudonyms = new PseudonymousId(secret);
    this.schema = schema;
    this.clock = clock;
  }

  /** The id this operator's updates for a cluster carry: never the cluster's own name. */
  public String clusterId(String namespace, String name) {
    return pseudonyms.of(namespace + "/" + name);
  }

  /**
   * The federation of the plan's cluster, started on first call (reader opened, model re-based on
   * the newest baseline); empty when the plan does not join. A cluster whose federation settings
   * changed is started again.
   *
   * @throws FederationUnreachable when the federation's Pulsar cannot be reached (saying why, and
   *     for TLS which trust was used); the caller reports it
   */
  public synchronized Optional<ClusterFederation> join(
      ClusterPlan plan,
      PerformanceModel model,
      ModelStore store,
      Consumer<PerformanceModel> onRebased)
      throws IOException {
    String key = plan.namespace() + "/" + plan.name();
    if (plan.federation().isEmpty()) {
      leave(key);
      return Optional.empty();
    }
    ClusterPlan.Federation f = plan.federation().get();
    String settingsKey = key + "|" + f;
    Joined existing = clusters.get(settingsKey);
    if (existing != null) {
      return Optional.of(existing.federation());
    }
    leave(key);
    PulsarClient client;
    try {
      client = clients.forUrl(f.serviceUrl(), f.trustCertsPem());
    } catch (IOException e) {
      throw FederationUnreachable.of(f, e);
    }
    FederationTopics topics = new FederationTopics(f.tenant());
    BaselineReader reader;
    try {
      reader = BaselineReader.open(client, topics, schema.version(), schema.fingerprint());
    } catch (IOException | RuntimeException e) {
      // A client that never got a reader is used by no one: the next attempt builds it anew.
      closeUnusedClients();
      if (e instanceof IOException io) {
        throw FederationUnreachable.of(f, io);
      }
      throw e;
    }
    Optional<UpdatePublisher> publisher = Optional.empty();
    try {
      if (f.shareUpdates()) {
        publisher =
            Optional.of(
                UpdatePublisher.create(
                    client,
                    topics,
                    new UpdateComposer(
                        new L2Clip(f.clipNorm()), clusterId(plan.namespace(), plan.name()))));
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      closeUnusedClients();
      if (e instanceof IOException io) {
        throw FederationUnreachable.of(f, io);
      }
      throw e;
    }
    ClusterFederation cf =
        ClusterFederation.start(key, schema, model, store, reader, publisher, clock, onRebased);
    clusters.put(settingsKey, new Joined(cf, client));
    return Optional.of(cf);
  }

  /**
   * Stops following baselines for a cluster (deleted, or federation switched off): its reader and
   * publisher are closed, and so is its Pulsar client when no other cluster federates through it.
   * When this returns, the cluster's reader thread has stopped and tells no one about baselines.
   */
  public synchronized void leave(String namespaceAndName) {
    clusters
        .entrySet()
        .removeIf(
            e -> {
              if (!e.getKey().startsWith(namespaceAndName + "|")) {
                return false;
              }
              closeQuietly(e.getValue().federation());
              return true;
            });
    closeUnusedClients();
  }

  /** How many Pulsar clients are open: one per service URL and CA bundle still in use. */
  public synchronized int openClients() {
    return clients.size();
  }

  private void closeUnusedClients() {
    clients.retainOnly(clusters.values().stream().map(Joined::client).toList());
  }

  @Override
  public synchronized void close() {
    clusters.values().forEach(j -> closeQuietly(j.federation()));
    clusters.clear();
    clients.close();
  }

  private static void closeQuietly(ClusterFederation f) {
    try {
      f.close();
    } catch (IOException e) {
      LOG.warn("closing a cluster's federation failed: {}", e.toString());
    }
  }
}
