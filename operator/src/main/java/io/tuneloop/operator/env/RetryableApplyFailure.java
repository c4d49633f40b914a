package io.tuneloop.operator.env;

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
}
