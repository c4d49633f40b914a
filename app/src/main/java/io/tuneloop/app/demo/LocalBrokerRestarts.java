package io.tuneloop.app.demo;

import io.tuneloop.fixture.StandaloneBroker;
import io.tuneloop.operator.local.RestartActuator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Restart-required settings (bookie journal settings such as {@code journalMaxGroupWaitMSec}) of
 * the demo's standalone broker, applied by restarting it with the new value; its data is kept.
 */
final class LocalBrokerRestarts implements RestartActuator {
  private final StandaloneBroker broker;
  private final BooleanSupplier stopping;

  /**
   * @param stopping true once the demo is shutting down: then a failed restart is not retried, so
   *     no broker is started after the demo let go of it
   */
  LocalBrokerRestarts(StandaloneBroker broker, BooleanSupplier stopping) {
    this.broker = broker;
    this.stopping = stopping;
  }

  @Override
  public Map<String, String> settings() {
    return broker.settings();
  }

  @Override
  public String restartWith(String key, String value) {
    if (stopping.getAsBoolean()) {
      throw new IllegalStateException("the demo is stopping; " + key + " stays unchanged");
    }
    Map<String, String> before = broker.config().settings();
    Map<String, String> next = new LinkedHashMap<>(before);
    next.put(key, value);
    try {
      broker.restartWith(next);
      return "restarted the local broker and bookie with "
          + key
          + "="
          + value
          + " in "
          + broker.lastStartDuration().toSeconds()
          + " s";
    } catch (RuntimeException e) {
      String why = firstLine(e.getMessage());
      if (stopping.getAsBoolean()) {
        throw new IllegalStateException(why + "; the demo is stopping, so it stays down", e);
      }
      try {
        broker.restartWith(before);
      } catch (RuntimeException again) {
        throw new IllegalStateException(
            why
                + "; restarting with the previous settings failed too: "
                + firstLine(again.getMessage()),
            e);
      }
      throw new IllegalStateException(why + "; restarted with the previous settings", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown failure";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
