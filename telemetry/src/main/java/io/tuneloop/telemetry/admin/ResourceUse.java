package io.tuneloop.telemetry.admin;

/**
 * One resource of a broker's load report: how much is used and the limit, in the unit of the
 * resource (see {@link BrokerLoad}). A limit of zero or less means the broker does not know it
 * (Pulsar reports bandwidth limits as negative when the NIC speed is unknown, as in most
 * containers).
 */
public record ResourceUse(double used, double limit) {

  public ResourceUse {
    if (Double.isNaN(used) || Double.isNaN(limit)) {
      throw new IllegalArgumentException("used=" + used + ", limit=" + limit + " must be numbers");
    }
  }

  /** {@code used / limit}, or NaN when the limit is unknown. */
  public double fraction() {
    return limit > 0 ? used / limit : Double.NaN;
  }

  public boolean hasLimit() {
    return limit > 0;
  }
}
