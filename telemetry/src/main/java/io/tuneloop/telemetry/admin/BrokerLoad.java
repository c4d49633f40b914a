package io.tuneloop.telemetry.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A broker's own load report ({@code GET /admin/v2/broker-stats/load-report}), as its load manager
 * last computed it.
 *
 * @param broker the broker's web service URL as it reports it
 * @param cpu CPU in percent of one core; the limit is 100 times the cores the broker may use
 * @param heapMemory JVM heap in MB
 * @param directMemory direct (off-heap) memory in MB
 * @param bandwidthIn network in, KB/s; limit unknown (negative) unless the NIC speed is known
 * @param bandwidthOut network out, KB/s
 * @param msgRateIn messages per second in, over all topics
 * @param msgRateOut messages per second out
 * @param throughputIn bytes per second in
 * @param throughputOut bytes per second out
 * @param topics topics the broker serves
 * @param bundles namespace bundles it owns
 * @param producers connected producers
 * @param consumers connected consumers
 * @param lastUpdate when the broker last updated the report
 * @param brokerVersion the broker's version string
 */
public record BrokerLoad(
    String broker,
    ResourceUse cpu,
    ResourceUse heapMemory,
    ResourceUse directMemory,
    ResourceUse bandwidthIn,
    ResourceUse bandwidthOut,
    double msgRateIn,
    double msgRateOut,
    double throughputIn,
    double throughputOut,
    long topics,
    int bundles,
    int producers,
    int consumers,
    Instant lastUpdate,
    String brokerVersion) {

  public BrokerLoad {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(heapMemory, "heapMemory");
    Objects.requireNonNull(directMemory, "directMemory");
    Objects.requireNonNull(bandwidthIn, "bandwidthIn");
    Objects.requireNonNull(bandwidthOut, "bandwidthOut");
    Objects.requireNonNull(lastUpdate, "lastUpdate");
    if (topics < 0 || bundles < 0 || producers < 0 || consumers < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0: topics="
              + topics
              + " bundles="
              + bundles
              + " producers="
              + producers
              + " consumers="
              + consumers);
    }
  }
}
