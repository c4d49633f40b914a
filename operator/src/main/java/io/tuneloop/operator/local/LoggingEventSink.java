package io.tuneloop.operator.local;

import io.tuneloop.operator.loop.EventSink;
import java.io.PrintStream;

/** Events as lines on a stream ({@code --local} mode has no API server to hold them). */
public final class LoggingEventSink implements EventSink {
  private final String cluster;
  private final PrintStream out;

  public LoggingEventSink(String cluster, PrintStream out) {
    this.cluster = cluster;
    this.out = out;
  }

  @Override
  public void emit(boolean warning, String reason, String message) {
    out.println((warning ? "Warning " : "Normal ") + cluster + " " + reason + ": " + message);
  }
}
