package io.tuneloop.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page lists TuningDecision resources of every watched namespace (or all), through the same
 * journal writes the loop makes, on the Fabric8 mock API server with the generated CRDs.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDecisionSourceTest {
  KubernetesClient client;

  @BeforeEach
  void decisionsInTwoNamespaces() {
    OperatorHarness.loadCrds(client);
    KubernetesDecisionJournal journal = new KubernetesDecisionJournal(client);
    SampleDecisions.mixed("team-a", "pulsar").forEach(journal::create);
    journal.create(
        SampleDecisions.decision(
            "team-b",
            "pulsar",
            1,
            Phase.Verified,
            "dispatcherMaxReadBatchSize 100 -> 200",
            "r",
            10,
            11.0));
  }

  @Test
  void listsTheWatchedNamespacesOrAll() {
    assertThat(new KubernetesDecisionSource(client, List.of()).decisions()).hasSize(6);
    assertThat(new KubernetesDecisionSource(client, List.of("team-b")).decisions()).hasSize(1);
    assertThat(new KubernetesDecisionSource(client, List.of("team-a", "team-b")).decisions())
        .hasSize(6);
  }

  @Test
  void sameNamedClustersInTwoNamespacesAreShownApart() {
    List<TuningDecision> all = new KubernetesDecisionSource(client, List.of()).decisions();
    List<ClusterView> views = ClusterView.of(all, new ObservationHistory(10));
    assertThat(views).extracting(ClusterView::id).containsExactly("team-a/pulsar", "team-b/pulsar");
    assertThat(views.get(0).decisions()).hasSize(5);
    // Status survived the round trip through the status subresource.
    assertThat(views.get(0).decisions())
        .extracting(d -> d.getStatus().phase)
        .containsExactly(
            Phase.Verified, Phase.RolledBack, Phase.Rejected, Phase.Recommended, Phase.Applied);
    String html = new DecisionsPage().render(views, Instant.now());
    assertThat(html).contains("<h2>team-a/pulsar</h2>").contains("<h2>team-b/pulsar</h2>");
  }
}
