package io.tuneloop.federation.topics;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.common.policies.data.TenantInfo;

/**
 * Prepares the federation namespace: tenant (allowed on every cluster the broker knows, only when
 * missing), namespace, both topics, the aggregator's durable subscription from the earliest message
 * (so updates sent before the aggregator first runs are retained, not dropped), and a compaction
 * threshold on the namespace so the baselines topic keeps only the newest baseline per schema
 * version. Safe to run again.
 */
public final class FederationNamespace {
  /** Compact once this much backlog accumulates: a handful of 50k-parameter baselines. */
  public static final long DEFAULT_COMPACTION_THRESHOLD_BYTES = 4L * 1024 * 1024;

  private static final Duration OWNERSHIP_WAIT = Duration.ofSeconds(30);

  private final PulsarAdmin admin;

  public FederationNamespace(PulsarAdmin admin) {
    this.admin = admin;
  }

  public void ensure(FederationTopics topics, String subscription, long compactionThresholdBytes)
      throws PulsarAdminException {
    if (compactionThresholdBytes < 0) {
      throw new IllegalArgumentException(
          "compaction threshold=" + compactionThresholdBytes + " bytes must be >= 0");
    }
    if (!admin.tenants().getTenants().contains(topics.tenant())) {
      List<String> clusters = admin.clusters().getClusters();
      try {
        admin
            .tenants()
            .createTenant(
                topics.tenant(),
                TenantInfo.builder().allowedClusters(new HashSet<>(clusters)).build());
      } catch (PulsarAdminException.ConflictException raced) {
        // Another aggregator or a test created it first: that is the state we want.
      }
    }
    if (!admin.namespaces().getNamespaces(topics.tenant()).contains(topics.namespace())) {
      try {
        admin.namespaces().createNamespace(topics.namespace());
      } catch (PulsarAdminException.ConflictException raced) {
        // Created concurrently.
      }
    }
    admin.namespaces().setCompactionThreshold(topics.namespace(), compactionThresholdBytes);
    for (String topic : List.of(topics.updates(), topics.baselines())) {
      retryWhileUnowned(
          () -> {
            try {
              admin.topics().createNonPartitionedTopic(topic);
            } catch (PulsarAdminException.ConflictException exists) {
              // Already there.
            }
          });
    }
    retryWhileUnowned(
        () -> {
          try {
            admin.topics().createSubscription(topics.updates(), subscription, MessageId.earliest);
          } catch (PulsarAdminException.ConflictException exists) {
            // Keeps its position: re-running setup must not skip or replay updates.
          }
        });
  }

  /**
   * Right after a namespace is created its bundle may not be owned by a broker yet, and topic
   * operations answer 412 "Failed to find ownership" until it is. That settles within seconds.
   */
  private static void retryWhileUnowned(AdminStep step) throws PulsarAdminException {
    long deadline = System.nanoTime() + OWNERSHIP_WAIT.toNanos();
    long sleepMillis = 100;
    while (true) {
      try {
        step.run();
        return;
      } catch (PulsarAdminException.PreconditionFailedException
          | PulsarAdminException.ServerSideErrorException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(sleepMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        sleepMillis = Math.min(2000, sleepMillis * 2);
      }
    }
  }

  @FunctionalInterface
  private interface AdminStep {
    void run() throws PulsarAdminException;
  }
}
