package io.tuneloop.operator;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates, on a (mock) API server, the broker and bookie StatefulSets and ConfigMaps the Apache
 * Pulsar Helm chart renders for release {@code pulsar}: names {@code pulsar-broker} and {@code
 * pulsar-bookie}, labels {@code component=broker|bookie}, RollingUpdate strategy, the bookie's
 * journal/ledgers volume claim templates, and ConfigMaps holding .conf keys (some plain, some with
 * {@code PULSAR_PREFIX_}).
 */
public final class HelmChartCluster {
  public static final String RELEASE = "pulsar";
  public static final String BROKER = RELEASE + "-broker";
  public static final String BOOKIE = RELEASE + "-bookie";

  private HelmChartCluster() {}

  public static void create(KubernetesClient client, String ns, int brokers, int bookies) {
    Map<String, String> brokerConf = new LinkedHashMap<>();
    brokerConf.put("PULSAR_MEM", "-Xms128m -Xmx256m -XX:MaxDirectMemorySize=256m");
    brokerConf.put("zookeeperServers", "pulsar-zookeeper:2181");
    brokerConf.put("clusterName", RELEASE);
    brokerConf.put("managedLedgerDefaultEnsembleSize", "2");
    brokerConf.put("PULSAR_PREFIX_dispatcherMaxReadBatchSize", "100");
    Map<String, String> bookieConf = new LinkedHashMap<>();
    bookieConf.put("BOOKIE_MEM", "-Xms128m -Xmx256m -XX:MaxDirectMemorySize=256m");
    bookieConf.put("zkServers", "pulsar-zookeeper:2181");
    bookieConf.put("httpServerEnabled", "true");
    bookieConf.put("useHostNameAsBookieID", "true");
    bookieConf.put("journalMaxGroupWaitMSec", "1");
    bookieConf.put("PULSAR_PREFIX_flushInterval", "60000");
    configMap(client, ns, BROKER, "broker", brokerConf);
    configMap(client, ns, BOOKIE, "bookie", bookieConf);
    statefulSet(client, ns, BROKER, "broker", brokers, false);
    statefulSet(client, ns, BOOKIE, "bookie", bookies, true);
  }

  private static void configMap(
      KubernetesClient client, String ns, String name, String component, Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", "pulsar")
                .addToLabels("release", RELEASE)
                .addToLabels("component", component)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  private static void statefulSet(
      KubernetesClient client,
      String ns,
      String name,
      String component,
      int replicas,
      boolean volumes) {
    Map<String, String> labels =
        Map.of("app", "pulsar", "release", RELEASE, "component", component);
    StatefulSetBuilder b =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withServiceName(name)
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(labels)
            .endSelector()
            .withPodManagementPolicy("Parallel")
            .withNewUpdateStrategy()
            .withType("RollingUpdate")
            .endUpdateStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .addToAnnotations("prometheus.io/scrape", "true")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(name)
            .withImage("apachepulsar/pulsar-all:4.0.7")
            .addNewEnvFrom()
            .withNewConfigMapRef()
            .withName(name)
            .endConfigMapRef()
            .endEnvFrom()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec();
    if (volumes) {
      b.editSpec()
          .addToVolumeClaimTemplates(
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName(name + "-journal")
                  .endMetadata()
                  .build(),
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName(name + "-ledgers")
                  .endMetadata()
                  .build())
          .endSpec();
    }
    client.apps().statefulSets().inNamespace(ns).resource(b.build()).create();
  }
}
