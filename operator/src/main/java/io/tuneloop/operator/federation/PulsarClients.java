package io.tuneloop.operator.federation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pulsar client per distinct federation service URL: clusters that federate through the same
 * Pulsar share its connections and threads. Every client is closed with this pool.
 */
public final class PulsarClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PulsarClients.class);
  private final Map<String, PulsarClient> clients = new LinkedHashMap<>();

  public synchronized PulsarClient forUrl(String serviceUrl) throws PulsarClientException {
    PulsarClient c = clients.get(serviceUrl);
    if (c == null) {
      c =
          PulsarClient.builder()
              .serviceUrl(serviceUrl)
              .operationTimeout(30, TimeUnit.SECONDS)
              .build();
      clients.put(serviceUrl, c);
    }
    return c;
  }

  public synchronized int size() {
    return clients.size();
  }

  @Override
  public synchronized void close() {
    for (Map.Entry<String, PulsarClient> e : clients.entrySet()) {
      try {
        e.getValue().close();
      } catch (PulsarClientException ex) {
        LOG.warn("closing the Pulsar client for {} failed: {}", e.getKey(), ex.toString());
      }
    }
    clients.clear();
  }
}
