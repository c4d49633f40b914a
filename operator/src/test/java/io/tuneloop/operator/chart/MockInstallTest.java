package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.crd.BrokerCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs into an API server: its CRDs first (as Helm does with {@code crds/}), then
 * every rendered object, each read back unchanged; a BrokerCluster can then be declared.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class MockInstallTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theChartsCrdsAndEveryRenderedObjectInstall() throws IOException {
    installCrds();
    install(TuneloopChart.checkedIn().render());
    BrokerCluster bc =
        client
            .resources(BrokerCluster.class)
            .inNamespace("pulsar")
            .resource(
                ClusterSpecs.cluster(
                    "pulsar", "c1", ClusterSpecs.valid("http://pulsar-broker.pulsar.svc:8080")))
            .create();
    assertThat(bc.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void everyOptionOnInstallsIncludingTheServiceMonitor() throws IOException {
    installCrds();
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com")
            .withVersion("v1")
            .withKind("ServiceMonitor")
            .withPlural("servicemonitors")
            .withScope("Namespaced")
            .build());
    install(TuneloopChart.checkedIn().render(TuneloopChart.values("all-features.yaml")));
    assertThat(
            client
                .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                .inNamespace("monitoring")
                .list()
                .getItems())
        .singleElement()
        .satisfies(sm -> assertThat(sm.getAdditionalProperties()).containsKey("spec"));
  }

  private void installCrds() throws IOException {
    List<Path> crds;
    try (Stream<Path> s = Files.list(TuneloopChart.checkedInDir().resolve("crds"))) {
      crds = s.sorted().toList();
    }
    assertThat(crds).isNotEmpty();
    for (Path f : crds) {
      try (InputStream in = Files.newInputStream(f)) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .hasSameSizeAs(crds);
  }

  private void install(RenderedChart chart) {
    List<HasMetadata> objects = new StrictManifests().readAll(chart.documents());
    for (HasMetadata o : objects) {
      HasMetadata created =
          o instanceof GenericKubernetesResource g
              ? client
                  .genericKubernetesResources(g.getApiVersion(), g.getKind())
                  .inNamespace(g.getMetadata().getNamespace())
                  .resource(g)
                  .create()
              : client.resource(o).create();
      assertThat(created.getMetadata().getUid()).as("%s created", describe(o)).isNotBlank();
      HasMetadata back =
          o instanceof GenericKubernetesResource g
              ? client
                  .genericKubernetesResources(g.getApiVersion(), g.getKind())
                  .inNamespace(g.getMetadata().getNamespace())
                  .withName(g.getMetadata().getName())
                  .get()
              : client.resource(o).get();
      assertThat(back).as("%s read back", describe(o)).isNotNull();
      assertThat(back.getMetadata().getLabels()).isEqualTo(o.getMetadata().getLabels());
    }
  }

  private static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
