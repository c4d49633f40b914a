package io.tuneloop.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.actuators.BookieHttpAdmin;
import io.tuneloop.operator.actuators.PulsarAdminActuator;
import io.tuneloop.operator.actuators.RollingConfigActuator;
import io.tuneloop.operator.actuators.StatefulSetScaler;
import io.tuneloop.operator.env.KubernetesPulsarEnvironment;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.tuning.env.Environment;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link KubernetesPulsarEnvironment} per cluster and spec generation: a Pulsar admin
 * client (token and TLS from the spec), the bookie HTTP admin API of bookie 0, the actuators, and
 * the telemetry source. A new generation closes the old admin client.
 */
public final class KubernetesEnvironmentProvider implements EnvironmentProvider {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEnvironmentProvider.class);

  private record Entry(long generation, Environment env, PulsarAdmin admin) {}

  private final KubernetesClient client;
  private final Function<ClusterPlan, SnapshotSource> telemetry;
  private final BookieDecommissioner.Addressing addressing;
  private final Duration auditDelay;
  private final Clock clock;
  private final Map<String, Entry> cache = new HashMap<>();

  public KubernetesEnvironmentProvider(
      KubernetesClient client,
      Function<ClusterPlan, SnapshotSource> telemetry,
      BookieDecommissioner.Addressing addressing,
      Duration auditDelay,
      Clock clock) {
    this.client = client;
    this.telemetry = telemetry;
    this.addressing = addressing;
    this.auditDelay = auditDelay;
    this.clock = clock;
  }

  @Override
  public synchronized Environment environment(ClusterPlan plan, long generation) {
    String key = plan.namespace() + "/" + plan.name();
    Entry e = cache.get(key);
    if (e != null && e.generation() == generation) {
      return e.env();
    }
    if (e != null && e.admin() != null) {
      e.admin().close();
    }
    PulsarAdmin admin = adminFor(plan);
    BookieHttpAdmin bookies =
        new BookieHttpAdmin(() -> bookieEndpoint(plan), Duration.ofSeconds(10));
    Environment env =
        new KubernetesPulsarEnvironment(
            plan,
            telemetry.apply(plan),
            new StatefulSetScaler(client),
            new RollingConfigActuator(client, bookies),
            new BookieDecommissioner(client, bookies, addressing, auditDelay, clock),
            admin == null ? null : new PulsarAdminActuator(admin),
            clock);
    cache.put(key, new Entry(generation, env, admin));
    return env;
  }

  /** Bookie 0's HTTP endpoint: it stays while higher ordinals roll or are removed last. */
  private URI bookieEndpoint(ClusterPlan plan) {
    StatefulSet sts =
        client
            .apps()
            .statefulSets()
            .inNamespace(plan.namespace())
            .withName(plan.bookie().statefulSet())
            .get();
    String service =
        sts == null
            ? plan.bookie().statefulSet()
            : Objects.requireNonNullElse(
                sts.getSpec().getServiceName(), plan.bookie().statefulSet());
    return URI.create(
        "http://"
            + plan.bookie().statefulSet()
            + "-0."
            + service
            + "."
            + plan.namespace()
            + ".svc."
            + addressing.clusterDomain()
            + ":"
            + plan.bookie().httpPort());
  }

  public static PulsarAdmin adminFor(ClusterPlan plan) {
    try {
      var b =
          PulsarAdmin.builder()
              .serviceHttpUrl(plan.adminUrl().toString())
              .allowTlsInsecureConnection(plan.allowInsecureTls())
              .connectionTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
              .readTimeout(30, java.util.concurrent.TimeUnit.SECONDS);
      if (plan.adminToken().isPresent()) {
        b.authentication(AuthenticationFactory.token(plan.adminToken().get()));
      }
      b.enableTlsHostnameVerification(plan.tlsHostnameVerification());
      if (plan.trustCertsPem().isPresent()) {
        b.tlsTrustCertsFilePath(trustCertsFile(plan).toString());
      }
      return b.build();
    } catch (PulsarClientException e) {
      LOG.warn("no Pulsar admin client for {}: {}", plan.adminUrl(), e.getMessage());
      return null;
    } catch (java.io.IOException e) {
      LOG.warn("cannot write the CA bundle for {}: {}", plan.adminUrl(), e.getMessage());
      return null;
    }
  }

  /**
   * The plan's CA bundle as a file, since the admin client reads trust certificates from a path;
   * owner-readable only, rewritten whenever the Secret's content changes.
   */
  public static java.nio.file.Path trustCertsFile(ClusterPlan plan) throws java.io.IOException {
    java.nio.file.Path dir =
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tuneloop-ca");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Path file = dir.resolve(plan.namespace() + "." + plan.name() + ".pem");
    byte[] pem =
        plan.trustCertsPem().orElseThrow().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, plan.name(), ".tmp");
    try {
      java.nio.file.Files.setPosixFilePermissions(
          tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      java.nio.file.Files.write(tmp, pem);
      java.nio.file.Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      java.nio.file.Files.deleteIfExists(tmp);
    }
    return file;
  }

  /** Closes the deleted cluster's admin client; its next environment is built anew. */
  @Override
  public synchronized void forget(String clusterId) {
    Entry e = cache.remove(clusterId);
    if (e != null && e.admin() != null) {
      e.admin().close();
    }
  }

  /** The clusters an environment is cached for. */
  public synchronized java.util.Set<String> clustersHeld() {
    return new java.util.TreeSet<>(cache.keySet());
  }

  @Override
  public synchronized void close() {
    cache
        .values()
        .forEach(
            e -> {
              if (e.admin() != null) {
                e.admin().close();
              }
            });
    cache.clear();
  }
}
