package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart lints strictly and renders, with defaults and with every option on, into valid objects.
 */
class ChartRenderTest {
  private final TuneloopChart chart = TuneloopChart.checkedIn();
  private final StrictManifests strict = new StrictManifests();

  @Test
  void lintsStrictly() {
    LintResult lint = chart.lintStrict();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  @Test
  void defaultsRenderTheOperatorWithLeaderElectionAndAHardenedPod() {
    RenderedChart r = chart.render();
    List<HasMetadata> objects = strict.readAll(r.documents());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment")
        .doesNotContain("ServiceMonitor");
    assertThat(r.ofKind("Deployment")).hasSize(1);

    Deployment d = deployment(objects, "tl-tuneloop-operator");
    assertThat(d.getMetadata().getNamespace()).isEqualTo(TuneloopChart.NAMESPACE);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("tl-tuneloop");
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("tuneloop/tuneloop:0.1.0");
    assertThat(c.getArgs())
        .startsWith("operator")
        .contains(
            "--leader-election",
            "--lease-namespace=" + TuneloopChart.NAMESPACE,
            "--metrics-port=9090",
            "--model-dir=/var/lib/tuneloop/models")
        .noneMatch(a -> a.startsWith("--namespace"));
    assertThat(env(c, "OMP_NUM_THREADS")).isEqualTo("1");
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("HOSTNAME"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.name"));
    String javaOpts = env(c, "JAVA_TOOL_OPTIONS");
    assertThat(javaOpts)
        .contains("-Xmx512m", "-Djavacpp.platform=linux-x86_64")
        .contains("-Dorg.bytedeco.javacpp.cachedir=/var/cache/tuneloop/javacpp");
    // The native cache, the models and /tmp are writable volumes: the root filesystem is not.
    assertThat(mountOf(c, "native-cache").getMountPath()).isEqualTo("/var/cache/tuneloop");
    assertThat(mountOf(c, "models").getMountPath()).isEqualTo("/var/lib/tuneloop/models");
    assertThat(mountOf(c, "tmp").getMountPath()).isEqualTo("/tmp");
    Volume cache = volume(pod, "native-cache");
    assertThat(cache.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));
    assertThat(Quantity.getAmountInBytes(cache.getEmptyDir().getSizeLimit()).longValue())
        .as("room for the ~400 MB of extracted DL4J natives")
        .isGreaterThan(400L * 1024 * 1024);
    assertThat(volume(pod, "models").getEmptyDir()).isNotNull();
    assertThat(volume(pod, "models").getPersistentVolumeClaim()).isNull();

    var sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getPrivileged()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();

    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
  }

  @Test
  void everyOptionOnRendersTheAggregatorServiceMonitorClaimAndNamespacedRoles() {
    RenderedChart r = chart.render(TuneloopChart.values("all-features.yaml"));
    List<HasMetadata> objects = strict.readAll(r.documents());
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getLabels())
          .as("%s %s", o.getKind(), o.getMetadata().getName())
          .containsEntry("team", "streaming")
          .containsEntry("cost-center", "4711");
    }
    Deployment op = deployment(objects, "pulsar-tuner-operator");
    assertThat(op.getSpec().getReplicas()).isEqualTo(3);
    PodSpec pod = op.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example/platform/tuneloop:0.1.0-rc1");
    assertThat(c.getArgs())
        .contains(
            "--namespace=pulsar",
            "--namespace=pulsar-canary",
            "--lease-namespace=tuneloop-leases",
            "--metrics-port=9404");
    assertThat(env(c, "OMP_NUM_THREADS")).isEqualTo("2");
    assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("2"));
    assertThat(volume(pod, "models").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("tuneloop-models");
    assertThat(pod.getServiceAccountName()).isEqualTo("tuneloop-operator");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getImagePullSecrets())
        .extracting("name")
        .containsExactly("registry-credentials");

    // Watching two namespaces: a Role in each, and the ClusterRole keeps only the rules review.
    assertThat(r.ofKind("Role"))
        .extracting(d -> d.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("pulsar", "pulsar-canary", "tuneloop-leases");
    JsonNode clusterRole = r.one("ClusterRole", "pulsar-tuner-operator");
    assertThat(clusterRole.path("rules")).hasSize(1);
    assertThat(clusterRole.path("rules").get(0).path("resources").get(0).asText())
        .isEqualTo("selfsubjectrulesreviews");

    JsonNode sm = r.one("ServiceMonitor", "pulsar-tuner-operator");
    assertThat(sm.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    assertThat(sm.path("metadata").path("labels").path("release").asText())
        .isEqualTo("kube-prometheus-stack");
    assertThat(sm.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("metrics");
    assertThat(sm.path("spec").path("namespaceSelector").path("matchNames").get(0).asText())
        .isEqualTo(TuneloopChart.NAMESPACE);

    Deployment agg = deployment(objects, "pulsar-tuner-aggregator");
    assertThat(agg.getSpec().getReplicas()).isEqualTo(1);
    Container a = agg.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(a.getArgs())
        .startsWith("aggregator")
        .contains(
            "--service-url=pulsar://pulsar-broker.pulsar.svc:6650",
            "--admin-url=http://pulsar-broker.pulsar.svc:8080",
            "--tenant=fleet",
            "--round-size=20",
            "--aggregation=FEDAVG",
            "--sample-cap=5000",
            "--metrics-port=9405");
    assertThat(a.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("metrics");
              assertThat(p.getContainerPort()).isEqualTo(9405);
            });
    // Both probes ask the aggregator's metrics server, with the timings from the values.
    for (Probe probe : List.of(a.getLivenessProbe(), a.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/-/healthy");
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    }
    assertThat(a.getLivenessProbe().getPeriodSeconds()).isEqualTo(30);
    assertThat(a.getLivenessProbe().getFailureThreshold()).isEqualTo(5);
    assertThat(a.getReadinessProbe().getPeriodSeconds()).isEqualTo(7);
    assertThat(a.getReadinessProbe().getTimeoutSeconds()).isEqualTo(2);
    assertThat(a.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(agg.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void oneReplicaWithoutLeaderElectionNeedsNoLeaseRoleNorClusterRole() {
    RenderedChart r = chart.render(TuneloopChart.values("leader-election-off.yaml"));
    strict.readAll(r.documents());
    Container c =
        deployment(strict.readAll(r.documents()), "tl-tuneloop-operator")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(c.getArgs()).contains("--no-leader-election", "--namespace=pulsar");
    assertThat(r.ofKind("ClusterRole")).isEmpty();
    assertThat(r.ofKind("Role"))
        .extracting(d -> d.path("metadata").path("namespace").asText())
        .containsExactly("pulsar");
  }

  @Test
  void theAggregatorNeedsAServiceUrl() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> chart.render(Map.of("aggregator.enabled", true))))
        .hasMessageContaining("aggregator.serviceUrl is required");
  }

  static Deployment deployment(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(name))
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getName()));
  }

  static VolumeMount mountOf(Container c, String volume) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount of " + volume));
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }
}
