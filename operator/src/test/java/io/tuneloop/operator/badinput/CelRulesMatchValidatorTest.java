package io.tuneloop.operator.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.spec.SpecValidation;
import io.tuneloop.operator.spec.SpecValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The CRD's CEL rules cannot be evaluated without a real API server, so each rule is matched here
 * to the operator-side check that must refuse the same spec: for every rule in the checked-in CRD a
 * spec breaking it is validated, and the operator's problem must say the same thing. A new CEL rule
 * without an operator-side check fails this test.
 */
class CelRulesMatchValidatorTest {
  /** A spec breaking the rule, and what the operator must say about it. */
  record Breach(Consumer<BrokerClusterSpec> breakIt, String operatorSays) {}

  static final Map<String, Breach> BREACHES =
      Map.of(
          "min must not exceed max",
          new Breach(
              s -> s.bounds.knobs.add(new BrokerClusterSpec.KnobBound("flushInterval", 9000, 2000)),
              "knob flushInterval has min=9000 above max=2000"),
          "durability, replication and security settings are never tuned",
          new Breach(
              s -> s.bounds.knobs.add(new BrokerClusterSpec.KnobBound("journalWriteData", 0, 1)),
              "knob journalWriteData is never tuned"),
          "not a knob in Tuneloop's catalog (knobs-v1)",
          new Breach(
              s -> s.bounds.knobs.add(new BrokerClusterSpec.KnobBound("numIOThreads", 1, 8)),
              "knob numIOThreads is not in catalog knobs-v1"),
          "range is wider than the catalog's",
          new Breach(
              s ->
                  s.bounds.knobs.add(
                      new BrokerClusterSpec.KnobBound("dispatcherMaxRoundRobinBatchSize", 1, 501)),
              "knob dispatcherMaxRoundRobinBatchSize range [1.0, 501.0] is outside the catalog"
                  + " range [1, 500]"),
          "minBrokers > maxBrokers",
          new Breach(
              s -> s.bounds.minBrokers = 4, "bounds.minBrokers=4 is above bounds.maxBrokers=3"),
          "minBookies > maxBookies",
          new Breach(
              s -> s.bounds.minBookies = 7, "bounds.minBookies=7 is above bounds.maxBookies=6"),
          "federation.join needs serviceUrl",
          new Breach(
              s -> s.federation.join = true, "federation.join=true needs federation.serviceUrl"),
          "set prometheusUrl or podScraping",
          new Breach(
              s -> s.telemetry.podScraping = null, "telemetry needs prometheusUrl or podScraping"));

  static List<JsonNode> rules() throws IOException {
    Path crd =
        Path.of(System.getProperty("tuneloop.crds.dir", "../crds"))
            .resolve("brokerclusters.tuneloop.io-v1.yml");
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(crd.toFile());
    List<JsonNode> rules = new ArrayList<>();
    collect(root, rules);
    return rules;
  }

  static void collect(JsonNode node, List<JsonNode> out) {
    if (node.has("x-kubernetes-validations")) {
      node.get("x-kubernetes-validations").forEach(out::add);
    }
    node.elements().forEachRemaining(child -> collect(child, out));
  }

  @Test
  void everyCelRuleHasAnOperatorCheckSayingTheSame() throws IOException {
    List<JsonNode> rules = rules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(BREACHES.size());
    SpecValidator validator = new SpecValidator((ns, name, key) -> Optional.empty());
    for (JsonNode rule : rules) {
      String message = rule.get("message").asText();
      assertThat(BREACHES)
          .as("CEL rule '%s' (%s) has no operator-side breach here", message, rule.get("rule"))
          .containsKey(message);
      BrokerClusterSpec spec = ClusterSpecs.valid("http://pulsar-broker:8080");
      spec.bounds.maxBrokers = 3;
      assertThat(validator.validate("ns", "c1", spec).isValid()).isTrue();
      BREACHES.get(message).breakIt().accept(spec);
      SpecValidation v = validator.validate("ns", "c1", spec);
      assertThat(v.isValid()).as("operator accepts what CEL rule '%s' refuses", message).isFalse();
      assertThat(v.message())
          .as("CEL rule '%s'", message)
          .contains(BREACHES.get(message).operatorSays());
    }
  }
}
