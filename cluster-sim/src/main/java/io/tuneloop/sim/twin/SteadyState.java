package io.tuneloop.sim.twin;

/**
 * What the twin's physics says about one window at a constant load: the hottest broker's and the
 * hottest bookie's utilisations and latencies, plus cluster-wide rates. Latencies are
 * publish-to-ack in milliseconds, before backlog and disruption effects are added.
 *
 * @param journalQueueP50Ms median wait of an entry in the hottest bookie's journal queue before its
 *     group commit starts (part of what a bookie reports as journal add latency)
 * @param journalQueueP99Ms the same wait's 99th percentile
 * @param utilisation the binding resource's utilisation (max of all below); >= 1 means overload
 */
public record SteadyState(
    double msgRate,
    double avgMsgBytes,
    double brokerCpu,
    double brokerNet,
    double cacheHitRate,
    double journalUtilisation,
    double bookieCpu,
    double ledgerUtilisation,
    double flushesPerSecond,
    double entriesPerFlush,
    double journalP50Ms,
    double journalP99Ms,
    double journalQueueP50Ms,
    double journalQueueP99Ms,
    double fsyncMs,
    double storageP50Ms,
    double storageP99Ms,
    double p50Ms,
    double p99Ms,
    double bookieReadHitRate,
    double utilisation,
    String bindingResource) {

  /** Whether the binding resource is a bookie's (its journal, CPU or ledger disk). */
  public boolean bookieBound() {
    return switch (bindingResource) {
      case "journal", "bookie-cpu", "ledger-disk" -> true;
      default -> false;
    };
  }
}
