package io.tuneloop.operator.chart;

import java.util.Optional;

/**
 * One Kubernetes API request as RBAC sees it: API group, resource (with its subresource, as in
 * {@code brokerclusters/status}), verb, and namespace (empty for cluster-scoped requests and for
 * lists across all namespaces).
 */
record ApiRequest(String group, String resource, String verb, Optional<String> namespace) {

  /**
   * The request for an HTTP method and path (query included), or empty for a non-resource path such
   * as {@code /version} or a discovery document.
   */
  static Optional<ApiRequest> of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    int i;
    if (p.length >= 2 && p[0].equals("api")) {
      group = "";
      i = 2;
    } else if (p.length >= 3 && p[0].equals("apis")) {
      group = p[1];
      i = 3;
    } else {
      return Optional.empty();
    }
    Optional<String> namespace = Optional.empty();
    if (p.length > i + 1 && p[i].equals("namespaces")) {
      namespace = Optional.of(p[i + 1]);
      i += 2;
      if (p.length == i) {
        // The namespace object itself: /api/v1/namespaces/{name}
        return Optional.of(
            new ApiRequest(group, "namespaces", verb(method, true, query), Optional.empty()));
      }
    }
    if (p.length <= i) {
      return Optional.empty();
    }
    String resource = p[i];
    boolean named = p.length > i + 1;
    if (p.length > i + 2) {
      resource = resource + "/" + p[i + 2];
    }
    return Optional.of(new ApiRequest(group, resource, verb(method, named, query), namespace));
  }

  private static String verb(String method, boolean named, String query) {
    return switch (method) {
      case "GET" ->
          named ? "get" : query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("HTTP method " + method + " has no RBAC verb");
    };
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + resource
        + namespace.map(n -> " in " + n).orElse(" (cluster)");
  }
}
