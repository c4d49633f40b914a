package io.tuneloop.telemetry.admin;

import io.tuneloop.telemetry.admin.AdminApiException.Failure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.apache.pulsar.common.policies.data.TopicStats;
import org.apache.pulsar.policies.data.loadbalancer.LoadManagerReport;
import org.apache.pulsar.policies.data.loadbalancer.ResourceUsage;

/**
 * Reads a broker's load report, topic stats and dynamic configuration through the Pulsar admin API
 * (the shaded {@code pulsar-client-admin}), and changes one dynamic setting at a time.
 *
 * <p>One instance talks to one web service URL. The load report is that broker's own, so a cluster
 * needs one instance per broker (the pods' URLs); topic stats and dynamic configuration are
 * answered for the whole cluster by any broker.
 *
 * <p>Every failure of a call surfaces as an {@link AdminApiException} that names the call, the URL,
 * the HTTP status if any and the broker's reason, and never the auth token. Thread-safe.
 */
public final class PulsarAdminTelemetry implements AutoCloseable {

  /** The most topics {@link #topicStats(String)} reads, one admin call each. */
  public static final int DEFAULT_MAX_TOPICS = 1_000;

  private static final Pattern NAMESPACE = Pattern.compile("[\\w.-]+/[\\w.-]+");
  private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final PulsarAdminConfig config;
  private final PulsarAdmin admin;

  /**
   * @throws IllegalArgumentException if the admin client cannot be built from {@code config} (for
   *     example an unreadable trust certificate)
   */
  public PulsarAdminTelemetry(PulsarAdminConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    PulsarAdminBuilder builder =
        PulsarAdmin.builder()
            .serviceHttpUrl(config.baseUrl())
            .connectionTimeout((int) config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout((int) config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .requestTimeout((int) config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.authToken() != null) {
      builder.authentication(AuthenticationFactory.token(config.authToken()));
    }
    if (config.tlsTrustCertsFile() != null) {
      builder.tlsTrustCertsFilePath(config.tlsTrustCertsFile().toString());
    }
    try {
      this.admin = builder.build();
    } catch (PulsarClientException e) {
      throw new IllegalArgumentException(
          "cannot build a Pulsar admin client for " + config + ": " + config.redact(e.getMessage()),
          e);
    }
  }

  public PulsarAdminConfig config() {
    return config;
  }

  /** The load report of the broker at {@link PulsarAdminConfig#webServiceUrl()}. */
  public BrokerLoad loadReport() throws AdminApiException {
    LoadManagerReport r =
        call(
            "read the load report",
            "GET",
            "/admin/v2/broker-stats/load-report",
            () -> admin.brokerStats().getLoadReport());
    return new BrokerLoad(
        r.getWebServiceUrl(),
        use(r.getCpu()),
        use(r.getMemory()),
        use(r.getDirectMemory()),
        use(r.getBandwidthIn()),
        use(r.getBandwidthOut()),
        r.getMsgRateIn(),
        r.getMsgRateOut(),
        r.getMsgThroughputIn(),
        r.getMsgThroughputOut(),
        r.getNumTopics(),
        r.getNumBundles(),
        r.getNumProducers(),
        r.getNumConsumers(),
        Instant.ofEpochMilli(r.getLastUpdate()),
        r.getBrokerVersionString());
  }

  /** Stats of up to {@link #DEFAULT_MAX_TOPICS} topics of {@code namespace}. */
  public NamespaceTopicStats topicStats(String namespace) throws AdminApiException {
    return topicStats(namespace, DEFAULT_MAX_TOPICS);
  }

  /**
   * Stats of up to {@code maxTopics} persistent and non-persistent topics of {@code namespace}
   * ({@code tenant/namespace}), one admin call per topic. System topics are skipped, and so is a
   * topic deleted between the listing and its stats call.
   */
  public NamespaceTopicStats topicStats(String namespace, int maxTopics) throws AdminApiException {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace=" + namespace + " is not of the form tenant/namespace");
    }
    if (maxTopics < 1) {
      throw new IllegalArgumentException("maxTopics=" + maxTopics + " must be at least 1");
    }
    List<String> listed =
        call(
            "list the topics of " + namespace,
            "GET",
            "/admin/v2/namespaces/" + namespace + "/topics",
            () -> admin.topics().getList(namespace));
    List<String> wanted = listed.stream().filter(t -> !isSystemTopic(t)).toList();
    List<TopicLoad> loads = new ArrayList<>();
    for (String topic : wanted.subList(0, Math.min(maxTopics, wanted.size()))) {
      TopicStats stats;
      try {
        stats =
            call(
                "read the stats of " + topic,
                "GET",
                "/admin/v2/" + topic.replace("://", "/") + "/stats",
                () -> admin.topics().getStats(topic));
      } catch (AdminApiException e) {
        if (e.statusCode().orElse(0) == 404) {
          continue;
        }
        throw e;
      }
      loads.add(topicLoad(topic, stats));
    }
    return new NamespaceTopicStats(namespace, loads, wanted.size(), wanted.size() > maxTopics);
  }

  /** The broker's dynamic settings, overrides and current values (three admin calls). */
  public DynamicConfiguration dynamicConfiguration() throws AdminApiException {
    List<String> names =
        call(
            "list the dynamic settings",
            "GET",
            "/admin/v2/brokers/configuration",
            () -> admin.brokers().getDynamicConfigurationNames());
    Map<String, String> overrides =
        call(
            "read the dynamic setting overrides",
            "GET",
            "/admin/v2/brokers/configuration/values",
            () -> admin.brokers().getAllDynamicConfigurations());
    Map<String, String> runtime =
        call(
            "read the runtime configuration",
            "GET",
            "/admin/v2/brokers/configuration/runtime",
            () -> admin.brokers().getRuntimeConfigurations());
    Set<String> dynamic = new HashSet<>(names);
    Map<String, String> values = new java.util.TreeMap<>();
    runtime.forEach(
        (k, v) -> {
          if (dynamic.contains(k)) {
            values.put(k, v);
          }
        });
    return new DynamicConfiguration(dynamic, overrides, values);
  }

  /**
   * Stores an override of one dynamic setting for the whole cluster; brokers apply it
   * asynchronously (usually within a second).
   *
   * <p>An unknown or non-dynamic name is refused ({@link Failure#BAD_REQUEST}, HTTP 412). A value
   * of the wrong type is <em>not</em>: Pulsar 4.0.7 stores it, answers 204, and each broker then
   * fails to apply it (an ERROR in its log) and keeps the old value. So validate values before
   * calling this, and confirm with {@link DynamicConfiguration#notApplied()} afterwards.
   */
  public void updateDynamicConfiguration(String name, String value) throws AdminApiException {
    checkName(name);
    Objects.requireNonNull(value, "value");
    call(
        "set " + name + "=" + (DynamicConfiguration.isSecret(name) ? "***" : value),
        "POST",
        "/admin/v2/brokers/configuration/"
            + name
            + "/"
            + URLEncoder.encode(value, StandardCharsets.UTF_8),
        () -> {
          admin.brokers().updateDynamicConfiguration(name, value);
          return null;
        });
  }

  /** Removes an override, so the setting returns to its broker.conf value on each broker. */
  public void resetDynamicConfiguration(String name) throws AdminApiException {
    checkName(name);
    call(
        "reset " + name,
        "DELETE",
        "/admin/v2/brokers/configuration/" + name,
        () -> {
          admin.brokers().deleteDynamicConfiguration(name);
          return null;
        });
  }

  @Override
  public void close() {
    admin.close();
  }

  @Override
  public String toString() {
    return "PulsarAdminTelemetry[" + config.baseUrl() + "]";
  }

  private static void checkName(String name) {
    if (name == null || !SETTING_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("setting name '" + name + "' is not a broker.conf key");
    }
  }

  private static boolean isSystemTopic(String topic) {
    int slash = topic.lastIndexOf('/');
    return topic.substring(slash + 1).startsWith("__");
  }

  private static TopicLoad topicLoad(String topic, TopicStats s) {
    long backlog = 0;
    int consumers = 0;
    for (SubscriptionStats sub : s.getSubscriptions().values()) {
      backlog += sub.getMsgBacklog();
      consumers += sub.getConsumers().size();
    }
    return new TopicLoad(
        topic,
        s.getMsgRateIn(),
        s.getMsgRateOut(),
        s.getMsgThroughputIn(),
        s.getMsgThroughputOut(),
        s.getAverageMsgSize(),
        s.getStorageSize(),
        backlog,
        s.getBacklogSize(),
        s.getPublishers().size(),
        s.getSubscriptions().size(),
        consumers);
  }

  private static ResourceUse use(ResourceUsage u) {
    return u == null ? new ResourceUse(0, -1) : new ResourceUse(u.usage, u.limit);
  }

  @FunctionalInterface
  private interface AdminCall<T> {
    T call() throws PulsarAdminException;
  }

  private <T> T call(String what, String method, String path, AdminCall<T> body)
      throws AdminApiException {
    String url = config.baseUrl() + path;
    try {
      return body.call();
    } catch (PulsarAdminException e) {
      throw translate(what, method + " " + url, url, e);
    } catch (RuntimeException e) {
      throw new AdminApiException(
          "cannot " + what + ": " + method + " " + url + " failed: " + describe(e),
          url,
          0,
          Failure.OTHER,
          e);
    }
  }

  private AdminApiException translate(
      String what, String request, String url, PulsarAdminException e) {
    int status = e.getStatusCode();
    Failure failure = classify(e, status);
    StringBuilder m = new StringBuilder("cannot ").append(what).append(": ").append(request);
    switch (failure) {
      case UNREACHABLE -> m.append(" failed: broker unreachable (").append(describe(rootCause(e)));
      case TIMEOUT ->
          m.append(" failed: no answer within ")
              .append(config.requestTimeout().toMillis())
              .append(" ms (")
              .append(describe(rootCause(e)));
      default -> m.append(" answered HTTP ").append(status).append(" (").append(reason(e));
    }
    m.append(')');
    // The status of a timeout or a failed connection is the client's, not a broker's answer.
    int answered = failure == Failure.UNREACHABLE || failure == Failure.TIMEOUT ? 0 : status;
    return new AdminApiException(config.redact(m.toString()), url, answered, failure, e);
  }

  private static Failure classify(PulsarAdminException e, int status) {
    if (status == 401 || status == 403) {
      return Failure.UNAUTHORIZED;
    }
    if (status >= 400 && status < 500) {
      return Failure.BAD_REQUEST;
    }
    // The client reports timeouts and failed connections as HTTP 500 too; the cause tells.
    if (e instanceof PulsarAdminException.TimeoutException
        || hasCause(e, TimeoutException.class, SocketTimeoutException.class)) {
      return Failure.TIMEOUT;
    }
    if (e instanceof PulsarAdminException.ConnectException
        || hasCause(
            e,
            ConnectException.class,
            UnknownHostException.class,
            NoRouteToHostException.class,
            SSLException.class)) {
      return Failure.UNREACHABLE;
    }
    if (status >= 500 && status < 600) {
      return Failure.SERVER_ERROR;
    }
    return Failure.OTHER;
  }

  /** The broker's own reason, e.g. {@code Can't update non-dynamic configuration}. */
  private static String reason(PulsarAdminException e) {
    String http = e.getHttpError();
    return http != null && !http.isBlank() ? http.strip() : describe(e);
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.strip());
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  @SafeVarargs
  private static boolean hasCause(Throwable t, Class<? extends Throwable>... types) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(c)) {
          return true;
        }
      }
    }
    return false;
  }
}
