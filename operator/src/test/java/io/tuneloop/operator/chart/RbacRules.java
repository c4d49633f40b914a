package io.tuneloop.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * What a rendered chart's RBAC lets one ServiceAccount do: the rules of every ClusterRole bound to
 * it by a ClusterRoleBinding (everywhere) and of every Role bound to it by a RoleBinding (in that
 * Role's namespace).
 */
final class RbacRules {
  /** One rule, with the namespace it applies in (empty: every namespace and the cluster scope). */
  record Rule(
      Optional<String> namespace, List<String> groups, List<String> resources, List<String> verbs) {
    boolean allows(ApiRequest r) {
      boolean inScope = namespace.isEmpty() || namespace.equals(r.namespace());
      return inScope
          && groups.contains(r.group())
          && resources.contains(r.resource())
          && verbs.contains(r.verb());
    }
  }

  private final List<Rule> rules;

  private RbacRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static RbacRules forServiceAccount(RenderedChart chart, String namespace, String name) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode b : chart.ofKind("ClusterRoleBinding")) {
      if (bindsTo(b, namespace, name)) {
        JsonNode role = chart.one(b.path("roleRef").path("kind").asText(), roleName(b));
        rules.addAll(rulesOf(role, Optional.empty()));
      }
    }
    for (JsonNode b : chart.ofKind("RoleBinding")) {
      if (bindsTo(b, namespace, name)) {
        String ns = b.path("metadata").path("namespace").asText();
        String kind = b.path("roleRef").path("kind").asText();
        JsonNode role =
            chart.ofKind(kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(roleName(b)))
                .filter(
                    r ->
                        kind.equals("ClusterRole")
                            || r.path("metadata").path("namespace").asText().equals(ns))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "RoleBinding "
                                + ns
                                + "/"
                                + b.path("metadata").path("name").asText()
                                + " names a missing "
                                + kind
                                + " "
                                + roleName(b)));
        rules.addAll(rulesOf(role, Optional.of(ns)));
      }
    }
    return new RbacRules(rules);
  }

  List<Rule> rules() {
    return rules;
  }

  boolean allows(ApiRequest r) {
    return rules.stream().anyMatch(rule -> rule.allows(r));
  }

  private static String roleName(JsonNode binding) {
    return binding.path("roleRef").path("name").asText();
  }

  private static boolean bindsTo(JsonNode binding, String namespace, String name) {
    return StreamSupport.stream(binding.path("subjects").spliterator(), false)
        .anyMatch(
            s ->
                s.path("kind").asText().equals("ServiceAccount")
                    && s.path("name").asText().equals(name)
                    && s.path("namespace").asText().equals(namespace));
  }

  private static List<Rule> rulesOf(JsonNode role, Optional<String> namespace) {
    List<Rule> out = new ArrayList<>();
    for (JsonNode r : role.path("rules")) {
      out.add(
          new Rule(
              namespace,
              strings(r.path("apiGroups")),
              strings(r.path("resources")),
              strings(r.path("verbs"))));
      if (r.has("resourceNames") || r.has("nonResourceURLs")) {
        throw new IllegalArgumentException("rule " + r + " uses fields this check does not model");
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
