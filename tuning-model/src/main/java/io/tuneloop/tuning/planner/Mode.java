package io.tuneloop.tuning.planner;

/** What Tuneloop may do on a cluster, as the BrokerCluster says. */
public enum Mode {
  /** Record decisions only. */
  OBSERVE,
  /** Record and show decisions; change nothing. */
  RECOMMEND,
  /** Apply decisions; the only mode in which exploration is allowed. */
  AUTO
}
