package io.tuneloop.operator.actuators;

import java.util.Map;
import java.util.Optional;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;

/**
 * Changes a broker setting at runtime through the Pulsar admin API's dynamic configuration. Reads
 * the value back, so an update the brokers did not take is reported, not assumed.
 */
public final class PulsarAdminActuator {
  private final PulsarAdmin admin;

  public PulsarAdminActuator(PulsarAdmin admin) {
    this.admin = admin;
  }

  /** What happened to one update. */
  public record Result(boolean changed, String detail) {}

  /** The dynamic value the brokers hold for {@code name}, if one was set. */
  public Optional<String> current(String name) throws PulsarAdminException {
    return Optional.ofNullable(admin.brokers().getAllDynamicConfigurations().get(name));
  }

  /** Every dynamic value set on the cluster. */
  public Map<String, String> all() throws PulsarAdminException {
    return admin.brokers().getAllDynamicConfigurations();
  }

  /**
   * Sets {@code name=value}; does nothing when it already has that value.
   *
   * @throws PulsarAdminException when the API refuses (the name is not dynamic, the value is bad)
   *     or the brokers do not report the new value afterwards
   */
  public Result set(String name, String value) throws PulsarAdminException {
    if (!admin.brokers().getDynamicConfigurationNames().contains(name)) {
      throw new PulsarAdminException(name + " is not a dynamic broker setting on this cluster");
    }
    Optional<String> before = current(name);
    if (before.isPresent() && before.get().equals(value)) {
      return new Result(false, name + " is already " + value);
    }
    admin.brokers().updateDynamicConfiguration(name, value);
    Optional<String> after = current(name);
    if (after.isEmpty() || !after.get().equals(value)) {
      throw new PulsarAdminException(
          "set " + name + "=" + value + " but the brokers report " + after.orElse("nothing"));
    }
    return new Result(true, name + " " + before.orElse("(default)") + " -> " + value);
  }
}
