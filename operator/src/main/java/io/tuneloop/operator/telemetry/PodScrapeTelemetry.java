package io.tuneloop.operator.telemetry;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tuneloop.operator.spec.ClusterPlan;
import io.tuneloop.telemetry.prometheus.PrometheusTextParser;
import io.tuneloop.telemetry.scrape.MetricsEndpoint;
import io.tuneloop.telemetry.scrape.MetricsFetcher;
import io.tuneloop.telemetry.scrape.ScrapeSnapshotSource;
import io.tuneloop.telemetry.snapshot.ClusterSettings;
import io.tuneloop.telemetry.snapshot.ClusterSnapshot;
import io.tuneloop.telemetry.snapshot.SnapshotSource;
import io.tuneloop.telemetry.snapshot.TelemetryException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Telemetry from the broker and bookie pods' metrics endpoints, found by the spec's label
 * selectors. The scrape source is kept while the set of pod endpoints stays the same (rates need
 * the previous scrape) and rebuilt when pods come, go or move. Replicas and settings are overlaid
 * by the environment from the cluster itself.
 */
public final class PodScrapeTelemetry implements SnapshotSource {
  private final KubernetesClient client;
  private final ClusterPlan plan;
  private final Clock clock;
  private List<MetricsEndpoint> endpoints = List.of();
  private final Map<String, Double> cores = new HashMap<>();
  private ScrapeSnapshotSource source;

  public PodScrapeTelemetry(KubernetesClient client, ClusterPlan plan, Clock clock) {
    this.client = client;
    this.plan = plan;
    this.clock = clock;
  }

  /** The source for a plan: its Prometheus server when it names one, else pod scraping. */
  public static SnapshotSource forPlan(KubernetesClient client, ClusterPlan plan, Clock clock) {
    if (plan.prometheus().isPresent()) {
      return PrometheusTelemetry.forPlan(plan, plan.prometheus().get(), clock);
    }
    return new PodScrapeTelemetry(client, plan, clock);
  }

  @Override
  public synchronized ClusterSnapshot observe() throws TelemetryException {
    List<MetricsEndpoint> now = new ArrayList<>();
    ClusterPlan.PodScraping s = plan.podScraping();
    add(now, s.brokerSelector(), MetricsEndpoint.NodeRole.BROKER, s.brokerPort(), "/metrics/");
    add(now, s.bookieSelector(), MetricsEndpoint.NodeRole.BOOKIE, s.bookiePort(), "/metrics");
    if (now.stream().noneMatch(e -> e.role() == MetricsEndpoint.NodeRole.BROKER)) {
      throw new TelemetryException(
          "no running broker pod matches " + s.brokerSelector() + " in " + plan.namespace());
    }
    if (source == null || !now.equals(endpoints)) {
      endpoints = now;
      source =
          new ScrapeSnapshotSource(
              plan.clusterId(),
              now,
              Map.copyOf(cores),
              new MetricsFetcher(Duration.ofSeconds(10)),
              new PrometheusTextParser(),
              () -> new ClusterSettings(0, 0, Map.of()),
              clock,
              Duration.ofSeconds(10),
              plan.interval().multipliedBy(3));
    }
    return source.observe();
  }

  /** CPU cores the pod may use: its containers' limits, else its requests, else one core. */
  static double cpuLimit(Pod p) {
    double limits = 0;
    double requests = 0;
    for (var c :
        p.getSpec() == null
            ? List.<io.fabric8.kubernetes.api.model.Container>of()
            : p.getSpec().getContainers()) {
      if (c.getResources() == null) {
        continue;
      }
      if (c.getResources().getLimits() != null && c.getResources().getLimits().get("cpu") != null) {
        limits += Quantity.getAmountInBytes(c.getResources().getLimits().get("cpu")).doubleValue();
      }
      if (c.getResources().getRequests() != null
          && c.getResources().getRequests().get("cpu") != null) {
        requests +=
            Quantity.getAmountInBytes(c.getResources().getRequests().get("cpu")).doubleValue();
      }
    }
    return limits > 0 ? limits : requests > 0 ? requests : 1.0;
  }

  private void add(
      List<MetricsEndpoint> out,
      Map<String, String> selector,
      MetricsEndpoint.NodeRole role,
      int port,
      String path) {
    for (Pod p :
        client.pods().inNamespace(plan.namespace()).withLabels(selector).list().getItems()) {
      if (p.getStatus() == null || p.getStatus().getPodIP() == null) {
        continue;
      }
      cores.put(p.getMetadata().getName(), cpuLimit(p));
      out.add(
          new MetricsEndpoint(
              p.getMetadata().getName(),
              role,
              URI.create("http://" + p.getStatus().getPodIP() + ":" + port + path)));
    }
    out.sort(java.util.Comparator.comparing(MetricsEndpoint::node));
  }
}
