package io.tuneloop.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Assembles the JOSDK operator the way Tuneloop needs it everywhere: the given client, no
 * server-side apply, optional Lease-based leader election that never calls {@code System.exit}, and
 * the BrokerCluster reconciler watching the given namespaces (all when empty).
 */
public final class TuneloopOperator implements AutoCloseable {
  private final Operator operator;

  /** Leader election settings: the Lease's name and namespace and this replica's identity. */
  public record LeaderElection(
      String leaseName,
      String leaseNamespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {
    public static LeaderElection defaults(String leaseNamespace, String identity) {
      return new LeaderElection(
          "tuneloop-operator",
          leaseNamespace,
          identity,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2));
    }

    LeaderElectionConfiguration toJosdk() {
      return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
          .withLeaseNamespace(leaseNamespace)
          .withIdentity(identity)
          .withLeaseDuration(leaseDuration)
          .withRenewDeadline(renewDeadline)
          .withRetryPeriod(retryPeriod)
          // Losing the lease stops this replica's controllers; it must not exit the JVM.
          .withExitOnStopLeading(false)
          .build();
    }
  }

  public TuneloopOperator(
      KubernetesClient client,
      BrokerClusterReconciler reconciler,
      Set<String> namespaces,
      Optional<LeaderElection> leaderElection) {
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false);
              leaderElection.ifPresent(le -> o.withLeaderElectionConfiguration(le.toJosdk()));
            });
    operator.register(
        reconciler,
        c -> {
          // A failing API write is retried for as long as it fails (JOSDK's default gives up after
          // five attempts and leaves an in-flight change alone until the next event).
          // A deleted BrokerCluster reaches the reconciler too (as deleted), which then lets go of
          // what this process holds for it. Without a finalizer: that state lives only in this
          // process, so a deletion while no operator runs leaves nothing behind to clean up.
          c.withTriggerReconcilerOnAllEvents(true);
          c.withRetry(
              GenericRetry.defaultLimitedExponentialRetry()
                  .withoutMaxAttempts()
                  .setMaxInterval(Duration.ofMinutes(5).toMillis()));
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
  }

  public void start() {
    operator.start();
  }

  public Operator josdk() {
    return operator;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
