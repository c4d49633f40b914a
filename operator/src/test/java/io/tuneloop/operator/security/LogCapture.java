package io.tuneloop.operator.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event of the test JVM at DEBUG and above, message and stack trace, while
 * keeping it off the console; {@link #close()} restores the configuration.
 */
final class LogCapture implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Map<String, Level> levels = new HashMap<>();
  private final Map<String, Appender> removed = new HashMap<>();
  private final Appender appender;

  LogCapture() {
    appender =
        new AbstractAppender("secret-capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder sb =
                new StringBuilder(event.getLoggerName())
                    .append(' ')
                    .append(event.getMessage().getFormattedMessage());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
              sb.append(" | ").append(t);
              for (StackTraceElement e : t.getStackTrace()) {
                sb.append(' ').append(e);
              }
            }
            lines.add(sb.toString());
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    for (LoggerConfig lc : config.getLoggers().values()) {
      levels.put(lc.getName(), lc.getLevel());
      lc.getAppenders().forEach((name, a) -> removed.put(lc.getName() + "/" + name, a));
      lc.getAppenders().keySet().forEach(lc::removeAppender);
      lc.addAppender(appender, Level.ALL, null);
      if (!lc.getName().startsWith("io.fabric8.mockwebserver")) {
        lc.setLevel(Level.DEBUG);
      }
    }
    // Pulsar's shaded HTTP client prints whole requests, Authorization header included, at DEBUG:
    // the shipped log configuration (app's log4j2.xml) pins it at INFO, and so does this capture.
    // Everything else, the operator's own code first, is searched at DEBUG.
    LoggerConfig wire = new LoggerConfig(HTTP_WIRE_LOGGER, Level.INFO, true);
    config.addLogger(HTTP_WIRE_LOGGER, wire);
    context.updateLoggers();
  }

  /** The logger that writes raw admin requests, with their token, at DEBUG. */
  static final String HTTP_WIRE_LOGGER = "org.apache.pulsar.shade.org.asynchttpclient";

  List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.removeLogger(HTTP_WIRE_LOGGER);
    for (LoggerConfig lc : config.getLoggers().values()) {
      lc.removeAppender(appender.getName());
      if (levels.containsKey(lc.getName())) {
        lc.setLevel(levels.get(lc.getName()));
      }
    }
    removed.forEach(
        (key, a) ->
            config
                .getLoggers()
                .get(key.substring(0, key.lastIndexOf('/')))
                .addAppender(a, null, null));
    context.updateLoggers();
    appender.stop();
  }
}
