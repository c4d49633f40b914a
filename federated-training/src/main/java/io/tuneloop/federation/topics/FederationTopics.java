package io.tuneloop.federation.topics;

import java.util.regex.Pattern;

/**
 * Where federation traffic lives for one tenant: namespace {@code <tenant>/federation}, updates on
 * {@code persistent://<tenant>/federation/updates}, baselines on the compacted {@code
 * persistent://<tenant>/federation/baselines} keyed by feature schema version.
 */
public record FederationTopics(String tenant) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.=-]{1,64}");

  /** The durable subscription the aggregator acknowledges on. */
  public static final String AGGREGATOR_SUBSCRIPTION = "tuneloop-aggregator";

  public FederationTopics {
    if (tenant == null || !NAME.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "Pulsar tenant '" + tenant + "' is not 1..64 characters of [A-Za-z0-9_.=-]");
    }
  }

  public String namespace() {
    return tenant + "/federation";
  }

  public String updates() {
    return "persistent://" + namespace() + "/updates";
  }

  public String baselines() {
    return "persistent://" + namespace() + "/baselines";
  }
}
