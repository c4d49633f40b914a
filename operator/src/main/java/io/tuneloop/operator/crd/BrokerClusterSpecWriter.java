package io.tuneloop.operator.crd;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import java.io.IOException;

/**
 * Writes a spec back as it was stored when it could not be read, so that a copy of the resource
 * (JOSDK clones through JSON) still carries the user's spec and still reads as unreadable, and a
 * write never replaces what the user declared.
 */
public final class BrokerClusterSpecWriter extends JsonSerializer<BrokerClusterSpec> {
  @Override
  public void serialize(BrokerClusterSpec spec, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    if (spec.stored().isPresent()) {
      gen.writeTree(spec.stored().get());
    } else {
      provider.defaultSerializeValue(spec, gen);
    }
  }

  /** The schema is the spec class's own: the CRD generator must see every field. */
  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type)
      throws JsonMappingException {
    visitor
        .getProvider()
        .findValueSerializer(BrokerClusterSpec.class)
        .acceptJsonFormatVisitor(visitor, type);
  }
}
