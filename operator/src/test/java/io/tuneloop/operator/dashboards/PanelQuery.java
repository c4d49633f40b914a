package io.tuneloop.operator.dashboards;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One target of one dashboard panel: the PromQL as written, with Grafana's template variables.
 *
 * @param instant whether Grafana runs it as an instant query (otherwise as a range query)
 * @param minInterval the target's own minimum interval, which raises {@code $__interval}
 */
record PanelQuery(
    String dashboard,
    int panelId,
    String panelTitle,
    String refId,
    String expr,
    boolean instant,
    Optional<String> minInterval) {

  // $name, ${name}, ${name:format} and [[name]], as Grafana writes variable references.
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

  /** The variables the expression refers to, built-ins such as {@code __range} included. */
  Set<String> variables() {
    Set<String> names = new TreeSet<>();
    Matcher m = VARIABLE.matcher(expr);
    while (m.find()) {
      names.add(name(m));
    }
    return names;
  }

  /**
   * The expression with every variable replaced by its value in {@code values}.
   *
   * @throws IllegalArgumentException naming the panel and the variable when one has no value
   */
  String expand(Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = name(m);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            where() + " uses $" + name + ", which has no value (known: " + values.keySet() + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Dashboard file, panel and target, for messages. */
  String where() {
    return dashboard + " panel " + panelId + " \"" + panelTitle + "\" target " + refId;
  }

  private static String name(Matcher m) {
    for (int g = 1; g <= 3; g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    throw new IllegalStateException("no group matched in " + m.group());
  }
}
