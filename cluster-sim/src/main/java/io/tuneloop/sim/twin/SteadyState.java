package io.tuneloop.sim.twin;

/**
 * What the twin's physics says about one window at a constant load: the hottest broker's and the
 * hottest bookie's utilisations and latencies, plus cluster-wide rates. Latencies are
 * publish-to-ack in milliseconds, before backlog and disruption effects are added.
 *
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
    double fsyncMs,
    double storageP50Ms,
    double storageP99Ms,
    double p50Ms,
    double p99Ms,
    double bookieReadHitRate,
    double utilisation,
    String bindingResource) {}
