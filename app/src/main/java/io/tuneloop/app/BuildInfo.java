package io.tuneloop.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What this build is: its own version and the versions of the systems it was built against. */
public final class BuildInfo implements IVersionProvider {
  private static final String RESOURCE = "/tuneloop/version.properties";

  private final Properties properties;

  public BuildInfo() {
    properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public String get(String key) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("build info has no key '" + key + "'");
    }
    return value;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"tuneloop " + get("tuneloop.version")};
  }
}
