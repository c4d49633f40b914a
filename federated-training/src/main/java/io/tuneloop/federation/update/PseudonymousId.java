package io.tuneloop.federation.update;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the cluster id sent with updates: an HMAC-SHA256 of a stable local name (for example the
 * BrokerCluster's UID) under a secret that never leaves the cluster. The aggregator can tell
 * updates of one cluster apart from another's, and link them across rounds, but cannot learn the
 * name.
 */
public final class PseudonymousId {
  private final SecretKeySpec key;

  public PseudonymousId(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException(
          "the pseudonym secret has "
              + (secret == null ? 0 : secret.length)
              + " bytes, expected at least 16");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** "c-" and 32 hex characters; the same name and secret always give the same id. */
  public String of(String localName) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(localName.getBytes(StandardCharsets.UTF_8));
      return "c-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
    }
  }
}
