package io.tuneloop.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is described in the table under the README's "Values" heading and
 * declared in values.schema.json, and the table describes no value that does not exist. A leaf is a
 * value that is not an object, or an object the schema leaves free-form (no {@code properties},
 * such as {@code podAnnotations}).
 */
class ValuesDocumentationTest {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  private JsonNode values;
  private JsonNode schema;
  private Set<String> readmeKeys;

  @BeforeEach
  void read() throws IOException {
    Path chart = TuneloopChart.checkedInDir();
    values = new ObjectMapper(new YAMLFactory()).readTree(chart.resolve("values.yaml").toFile());
    schema = new ObjectMapper().readTree(chart.resolve("values.schema.json").toFile());
    readmeKeys = new LinkedHashSet<>();
    boolean inValues = false;
    for (String line : Files.readAllLines(chart.resolve("README.md"))) {
      if (line.startsWith("## ")) {
        inValues = line.equals("## Values");
      }
      Matcher m = ROW.matcher(line);
      if (inValues && m.find()) {
        readmeKeys.add(m.group(1));
      }
    }
  }

  @Test
  void everyLeafValueIsInTheSchema() {
    List<String> missing = new ArrayList<>();
    walk("", values, schema, missing, new ArrayList<>());
    assertThat(missing).as("values.yaml keys values.schema.json does not declare").isEmpty();
  }

  @Test
  void everyLeafValueIsInTheReadmeTableAndNothingElse() {
    List<String> leaves = new ArrayList<>();
    walk("", values, schema, new ArrayList<>(), leaves);
    assertThat(leaves).hasSizeGreaterThan(40);
    Set<String> undocumented = new TreeSet<>(leaves);
    undocumented.removeAll(readmeKeys);
    assertThat(undocumented).as("values missing from the README table").isEmpty();
    Set<String> stale = new TreeSet<>(readmeKeys);
    stale.removeAll(leaves);
    assertThat(stale).as("README rows for values that do not exist").isEmpty();
  }

  private void walk(
      String path, JsonNode value, JsonNode schemaNode, List<String> missing, List<String> leaves) {
    JsonNode s = resolve(schemaNode);
    if (value.isObject() && s.has("properties")) {
      Iterator<Map.Entry<String, JsonNode>> it = value.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        JsonNode childSchema = s.path("properties").path(e.getKey());
        if (childSchema.isMissingNode()) {
          missing.add(child);
        } else {
          walk(child, e.getValue(), childSchema, missing, leaves);
        }
      }
      return;
    }
    leaves.add(path);
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      String ref = n.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("schema $ref " + ref + " is not local");
      }
      n = schema.at(ref.substring(1));
      if (n.isMissingNode()) {
        throw new IllegalArgumentException("schema $ref " + ref + " points nowhere");
      }
    }
    return n;
  }
}
