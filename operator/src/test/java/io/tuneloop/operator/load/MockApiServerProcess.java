package io.tuneloop.operator.load;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.tuneloop.operator.HelmChartCluster;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.StatefulSetControllerEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load run's Kubernetes side, in a process of its own: the Fabric8 mock API server in CRUD mode
 * with the CRDs, {@code tuneloop.load.clusters} namespaces each holding a Helm-chart-shaped Pulsar
 * cluster, and a StatefulSet controller emulator per namespace stepped every 500 ms. In production
 * the API server and the controllers are not in the operator's pod, so the load run's memory
 * figures must not include them.
 *
 * <p>Protocol on standard output and input: it prints {@code url=<master URL>} once everything
 * exists; when it reads a line (or its input closes) it prints {@code restarts=<n>}, the pods the
 * emulators restarted for applied changes, and exits.
 */
public final class MockApiServerProcess {
  private MockApiServerProcess() {}

  public static void main(String[] args) throws Exception {
    int clusters = Integer.getInteger("tuneloop.load.clusters", 50);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    ScheduledExecutorService background = Executors.newScheduledThreadPool(1);
    try (KubernetesClient client = server.createClient()) {
      OperatorHarness.loadCrds(client);
      List<StatefulSetControllerEmulator> controllers = new ArrayList<>();
      for (int i = 0; i < clusters; i++) {
        String ns = OperatorLoadRun.namespace(i);
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
        HelmChartCluster.create(client, ns, 2, 3);
        StatefulSetControllerEmulator c = new StatefulSetControllerEmulator(client, ns);
        c.step();
        controllers.add(c);
      }
      background.scheduleWithFixedDelay(
          () -> controllers.forEach(OperatorLoadRun::stepQuietly), 500, 500, TimeUnit.MILLISECONDS);
      System.out.println("url=" + client.getConfiguration().getMasterUrl());
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      background.shutdownNow();
      background.awaitTermination(5, TimeUnit.SECONDS);
      System.out.println(
          "restarts=" + controllers.stream().mapToInt(c -> c.restarts().size()).sum());
      System.out.flush();
    } finally {
      background.shutdownNow();
      server.destroy();
    }
    // The mock server's non-daemon threads must not keep the process alive.
    System.exit(0);
  }
}
