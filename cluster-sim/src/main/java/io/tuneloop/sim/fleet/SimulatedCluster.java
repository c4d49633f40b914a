package io.tuneloop.sim.fleet;

import io.tuneloop.sim.trace.WorkloadTrace;
import io.tuneloop.sim.twin.TwinParameters;

/** One member of a simulated fleet: its hardware and physics, and the load it sees. */
public record SimulatedCluster(String name, TwinParameters parameters, WorkloadTrace trace) {}
