package io.tuneloop.operator.env;

import org.apache.pulsar.client.admin.PulsarAdminException;

/**
 * Applying an action failed in a way that may pass on its own: an API did not answer in time or at
 * all, answered 5xx, 409 Conflict or 429, or (Kubernetes) refused a write that a later attempt may
 * be allowed. The cluster may already be partly changed (a ConfigMap written, one pod restarted, a
 * dynamic setting taken but not confirmed), so the decision must stay in flight and the step be
 * retried; it is never closed as failed on this.
 */
public final class RetryableApplyFailure extends RuntimeException {
  public RetryableApplyFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether a failed Pulsar admin call may pass: no answer (timeout, connection refused: status 0
   * or below), 5xx, 408, 409 or 429. Any other 4xx is the brokers refusing the update, which
   * changed nothing. The same on Kubernetes and in {@code --local} mode.
   */
  public static boolean mayPass(PulsarAdminException e) {
    int code = e.getStatusCode();
    return code <= 0 || code >= 500 || code == 408 || code == 409 || code == 429;
  }

  /** The failure to throw for a Pulsar admin error that {@link #mayPass} says may pass. */
  public static RetryableApplyFailure ofPulsarAdmin(PulsarAdminException e) {
    return new RetryableApplyFailure(
        "Pulsar admin API (status " + e.getStatusCode() + "): " + e.getMessage(), e);
  }
}
