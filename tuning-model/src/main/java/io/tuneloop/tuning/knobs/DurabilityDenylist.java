package io.tuneloop.tuning.knobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings Tuneloop never changes, whatever a model predicts or a CR asks: BookKeeper ensemble,
 * write and ack quorums, journal sync and write, rack-aware placement, and anything about
 * authentication, authorisation or transport security.
 *
 * <p>Matching is by rule, not by a list of exact names, so a new Pulsar setting such as {@code
 * managedLedgerDefaultAckQuorum} or {@code PULSAR_PREFIX_authenticationProviders} is caught without
 * editing this class. Matching ignores case and the Helm chart's {@code PULSAR_PREFIX_}. Being too
 * broad is safe (a knob is not tuned); being too narrow is not.
 */
public final class DurabilityDenylist {
  private static final String HELM_PREFIX = "pulsar_prefix_";

  private record Rule(String fragment, boolean prefixOnly, String reason) {
    boolean matches(String key) {
      return prefixOnly ? key.startsWith(fragment) : key.contains(fragment);
    }
  }

  private static final List<Rule> RULES =
      List.of(
          new Rule("ensemble", false, "BookKeeper ensemble size decides how many copies exist"),
          new Rule("quorum", false, "write and ack quorums decide durability"),
          new Rule("journalsyncdata", false, "journal fsync is what makes an ack durable"),
          new Rule("journalwritedata", false, "turning off journal writes loses acked entries"),
          new Rule("fsync", false, "fsync settings decide durability"),
          new Rule("rack", false, "rack-aware placement decides failure-domain durability"),
          new Rule("replicat", false, "replication settings decide durability"),
          new Rule("auth", false, "authentication and authorisation are never tuned"),
          new Rule("superuser", false, "authentication and authorisation are never tuned"),
          new Rule("proxyroles", false, "authentication and authorisation are never tuned"),
          new Rule("tls", false, "transport security is never tuned"),
          new Rule("sasl", false, "transport security is never tuned"),
          new Rule("token", false, "credentials are never tuned"),
          new Rule("encrypt", false, "encryption is never tuned"),
          new Rule("password", false, "credentials are never tuned"),
          new Rule("secret", false, "credentials are never tuned"),
          new Rule("keystore", false, "credentials are never tuned"),
          new Rule("truststore", false, "credentials are never tuned"));

  private DurabilityDenylist() {}

  /** Why {@code key} must never be tuned, or empty when it may be. */
  public static Optional<String> reasonFor(String key) {
    if (key == null) {
      return Optional.of("a setting without a name cannot be checked");
    }
    String k = key.trim().toLowerCase(Locale.ROOT);
    if (k.startsWith(HELM_PREFIX)) {
      k = k.substring(HELM_PREFIX.length());
    }
    for (Rule r : RULES) {
      if (r.matches(k)) {
        return Optional.of(r.reason());
      }
    }
    return Optional.empty();
  }

  public static boolean isDenied(String key) {
    return reasonFor(key).isPresent();
  }

  /**
   * @throws DeniedKnobException when {@code key} is on the denylist
   */
  public static void requireAllowed(String key) {
    Optional<String> reason = reasonFor(key);
    if (reason.isPresent()) {
      throw new DeniedKnobException(key, reason.get());
    }
  }
}
