package io.tuneloop.telemetry.admin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A broker's dynamic configuration: which settings can change at runtime, which of them were
 * changed through the admin API, and the value each has now.
 *
 * <p>Values of secret-looking settings (names containing authenticationParameters, password,
 * secret, token, credential or privateKey) are left out of {@code overrides} and {@code values};
 * their names stay in {@code names}. Tuneloop never needs them and must not hold them.
 *
 * @param names every setting the broker accepts at runtime
 * @param overrides settings changed through the admin API and their values ({@code
 *     getAllDynamicConfigurations()})
 * @param values the value each dynamic setting has in the broker's runtime configuration, i.e. what
 *     it actually runs with; an override that the broker could not apply differs from it (see
 *     {@link #notApplied()})
 */
public record DynamicConfiguration(
    Set<String> names, Map<String, String> overrides, Map<String, String> values) {

  private static final Pattern SECRET =
      Pattern.compile(
          "(?i).*(authenticationparameters|password|secret|token|credential|privatekey).*");

  public DynamicConfiguration {
    names = Set.copyOf(new TreeSet<>(names));
    overrides = Map.copyOf(withoutSecrets(overrides));
    values = Map.copyOf(withoutSecrets(values));
    for (String name : overrides.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "override " + name + " is not among the " + names.size() + " dynamic setting names");
      }
    }
  }

  /** Whether a setting looks secret, so that its value is never held. */
  public static boolean isSecret(String name) {
    return SECRET.matcher(name).matches();
  }

  /** The current value of a dynamic setting. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Overrides whose value differs from the broker's runtime value: not yet picked up (brokers apply
   * overrides asynchronously), or refused by the broker (e.g. {@code "lots"} for an integer, which
   * the admin API accepts). Maps each such name to its override.
   */
  public Map<String, String> notApplied() {
    Map<String, String> out = new TreeMap<>();
    overrides.forEach(
        (k, v) -> {
          if (!v.equals(values.get(k))) {
            out.put(k, v);
          }
        });
    return out;
  }

  public boolean isDynamic(String name) {
    return names.contains(name);
  }

  private static Map<String, String> withoutSecrets(Map<String, String> in) {
    Map<String, String> out = new TreeMap<>();
    in.forEach(
        (k, v) -> {
          if (!isSecret(k) && v != null) {
            out.put(k, v);
          }
        });
    return out;
  }
}
