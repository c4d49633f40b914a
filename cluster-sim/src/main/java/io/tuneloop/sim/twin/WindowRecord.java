package io.tuneloop.sim.twin;

/**
 * What happened in one simulated window, as the benchmark scores it: the offered and served load,
 * the pods paid for, the settings in force, and the latency clients saw.
 *
 * @param podsPaid brokers and bookies that existed during the window (starting, serving, restarting
 *     or decommissioning): what a cloud bill counts
 * @param lostMessages messages producers could not publish (their buffers overflowed)
 * @param p99Ms highest broker p99 publish latency, including backlog and disruption effects
 */
public record WindowRecord(
    double tSeconds,
    double seconds,
    double offeredMsgRate,
    double servedMsgRate,
    double avgMsgBytes,
    double lostMessages,
    double backlogMessages,
    int brokersDesired,
    int brokersReady,
    int bookiesDesired,
    double bookiesInService,
    int podsPaid,
    double groupWaitMs,
    double mlCacheMb,
    double p50Ms,
    double p99Ms,
    double brokerCpu,
    double bookieDiskUsage,
    double utilisation,
    String bindingResource,
    boolean disrupted) {}
