package io.tuneloop.operator.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneloop.operator.crd.TuningDecision;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The page's data as JSON, for scripts and notebooks: {@code {"generatedAt", "clusters": [{"id",
 * "history": [...], "decisions": [TuningDecision...]}]}}.
 */
public final class DecisionsJson {
  private final ObjectMapper mapper =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  public String render(List<ClusterView> clusters, Instant now) {
    ObjectNode root = mapper.createObjectNode();
    root.put("generatedAt", now.toString());
    ArrayNode cs = root.putArray("clusters");
    for (ClusterView c : clusters) {
      ObjectNode node = cs.addObject();
      node.put("id", c.id());
      ArrayNode history = node.putArray("history");
      for (PassObservation p : c.history()) {
        ObjectNode h = history.addObject();
        h.put("at", p.at().toString());
        p.p99Ms().ifPresent(v -> h.put("p99PublishLatencyMs", v));
        h.put("brokers", p.brokers());
        h.put("bookies", p.bookies());
        p.msgRateIn().ifPresent(v -> h.put("msgRateIn", v));
        h.put("fromDecision", p.fromDecision());
      }
      ArrayNode ds = node.putArray("decisions");
      for (TuningDecision d : c.decisions()) {
        ds.add(mapper.valueToTree(d));
      }
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the decisions as JSON", e);
    }
  }
}
