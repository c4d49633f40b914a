package io.tuneloop.operator.crd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads a BrokerCluster's spec without ever failing. Where the CRD's schema is not enforced a spec
 * can hold a value no field can take ({@code minBrokers: three}); failing here would fail the
 * informer's watch, and JOSDK stops the whole operator on that, for every cluster. Such a spec is
 * read as {@link BrokerClusterSpec#unreadable} instead, naming the field and the value, so the
 * validator turns it into an InvalidSpec condition on that one cluster.
 */
public final class BrokerClusterSpecReader extends JsonDeserializer<BrokerClusterSpec> {
  private static final int MAX_SHOWN = 80;

  @Override
  public BrokerClusterSpec deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonNode node = p.readValueAsTree();
    try {
      return ctxt.readTreeAsValue(node, BrokerClusterSpec.class);
    } catch (JsonMappingException e) {
      return BrokerClusterSpec.unreadable(describe(e, node), node);
    }
  }

  static String describe(JsonMappingException e, JsonNode spec) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    String field = "spec" + path;
    JsonNode value = spec.at(pointer(e));
    String shown = value.isMissingNode() ? "" : value.toString();
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      shown = String.valueOf(f.getValue());
    }
    if (shown.length() > MAX_SHOWN) {
      shown = shown.substring(0, MAX_SHOWN) + "...";
    }
    Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    String expected =
        target == null
            ? "a value of the schema's type"
            : target.isEnum()
                ? "one of " + java.util.Arrays.toString(target.getEnumConstants())
                : ("AEIOU".indexOf(target.getSimpleName().charAt(0)) >= 0 ? "an " : "a ")
                    + target.getSimpleName();
    return field + "=" + shown + " cannot be read; expected " + expected;
  }

  private static String pointer(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> "/" + (r.getFieldName() != null ? r.getFieldName() : r.getIndex()))
        .collect(Collectors.joining());
  }
}
