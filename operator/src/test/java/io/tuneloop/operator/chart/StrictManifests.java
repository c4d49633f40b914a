package io.tuneloop.operator.chart;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into Kubernetes model classes so that any field the model does not know
 * fails. Fabric8's classes normally swallow unknown fields into {@code additionalProperties}
 * through {@code @JsonAnySetter}; here that catch-all is switched off, unknown properties fail,
 * scalars are not coerced across types, and duplicate keys fail.
 *
 * <p>The Prometheus Operator's ServiceMonitor has no Fabric8 model; it is checked against {@link
 * ServiceMonitorShape}, which holds the subset of the {@code monitoring.coreos.com/v1} schema the
 * chart uses, with the same field names.
 */
final class StrictManifests {
  static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";

  private static final Map<String, Class<? extends HasMetadata>> MODELS =
      Map.of(
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "apps/v1/Deployment", Deployment.class,
          "rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class,
          "rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class,
          "rbac.authorization.k8s.io/v1/Role", Role.class,
          "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
          "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class);

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .annotationIntrospector(new NoCatchAll())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private final ObjectMapper lenient = new ObjectMapper();

  /** The manifest as its model object; an exception naming the document and field otherwise. */
  HasMetadata read(JsonNode manifest) {
    String type = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
    String where = type + " " + manifest.path("metadata").path("name").asText("<no name>");
    try {
      if (SERVICE_MONITOR.equals(type)) {
        mapper.treeToValue(manifest, ServiceMonitorShape.class);
        // Checked above; kept whole as a generic resource (whose catch-all holds the spec).
        return lenient.treeToValue(manifest, GenericKubernetesResource.class);
      }
      Class<? extends HasMetadata> model = MODELS.get(type);
      if (model == null) {
        throw new IllegalArgumentException(
            where + " has no strict model; known: " + MODELS.keySet() + " and " + SERVICE_MONITOR);
      }
      return mapper.treeToValue(manifest, model);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " is not valid: " + e.getMessage(), e);
    }
  }

  /** Every manifest, read strictly. */
  List<HasMetadata> readAll(List<JsonNode> manifests) {
    return manifests.stream().map(this::read).toList();
  }

  /** Jackson's annotations, except that {@code @JsonAnySetter} no longer catches unknown fields. */
  private static final class NoCatchAll extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(Annotated a) {
      return Boolean.FALSE;
    }
  }

  /** The part of the ServiceMonitor schema (monitoring.coreos.com/v1) the chart renders. */
  record ServiceMonitorShape(
      @JsonProperty(required = true) String apiVersion,
      @JsonProperty(required = true) String kind,
      @JsonProperty(required = true) ObjectMeta metadata,
      @JsonProperty(required = true) Spec spec) {
    record Spec(
        String jobLabel,
        NamespaceSelector namespaceSelector,
        @JsonProperty(required = true) LabelSelector selector,
        @JsonProperty(required = true) List<Endpoint> endpoints) {}

    record NamespaceSelector(Boolean any, List<String> matchNames) {}

    record Endpoint(
        String port,
        String path,
        String scheme,
        String interval,
        String scrapeTimeout,
        Boolean honorLabels) {}
  }
}
