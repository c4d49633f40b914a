package io.tuneloop.operator.spec;

import java.util.Optional;

/** Reads one key of a Secret in a namespace; empty when the Secret or the key is missing. */
@FunctionalInterface
public interface SecretLookup {
  Optional<String> read(String namespace, String secret, String key);
}
