package io.tuneloop.operator.federation;

import java.util.Objects;

/**
 * What the federation of one cluster did last, for a status condition or a Kubernetes Event.
 *
 * @param ok false when something was refused or failed
 * @param reason a CamelCase condition reason
 * @param message a human-readable line
 */
public record FederationEvent(boolean ok, String reason, String message) {
  public static final String REBASED = "Rebased";
  public static final String BASELINE_CURRENT = "BaselineCurrent";
  public static final String NO_BASELINE = "NoBaseline";
  public static final String BASELINE_REFUSED = "BaselineRefused";
  public static final String UPDATE_PUBLISHED = "UpdatePublished";
  public static final String UPDATE_NOT_SHARED = "UpdateNotShared";
  public static final String UPDATE_PUBLISH_FAILED = "UpdatePublishFailed";
  public static final String SAVE_FAILED = "ModelSaveFailed";

  public FederationEvent {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
