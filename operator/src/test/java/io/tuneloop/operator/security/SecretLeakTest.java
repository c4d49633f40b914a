package io.tuneloop.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.tuneloop.operator.ClusterSpecs;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.actuators.BookieDecommissioner;
import io.tuneloop.operator.cli.LearnerOutcomeSink;
import io.tuneloop.operator.cli.PlannerDecisionMaker;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.crd.BrokerClusterSpec;
import io.tuneloop.operator.decisions.DirectoryDecisionJournal;
import io.tuneloop.operator.decisions.KubernetesDecisionJournal;
import io.tuneloop.operator.federation.Federations;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.KubernetesEnvironmentProvider;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.operator.spec.SpecValidator;
import io.tuneloop.telemetry.features.FeatureSchema;
import io.tuneloop.tuning.action.Action;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret value reaches a log line, a status, an Event, a TuningDecision, a decision file or the
 * metrics. A recognisable admin token sits in a Secret and a recognisable federation secret in the
 * operator's secret file; the real operator (with the production environment provider, so a real
 * Pulsar admin client carries the token to an admin endpoint that reads fine but refuses every
 * change) makes decisions, fails to reach its federation, refuses a spec that points its CA at the
 * token, and exports its decisions as files. Everything it produced is then searched for the
 * secrets, plain, base64 and hex.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SecretLeakTest {
  static final String TOKEN = "tlk-admin-token-7f3a9c1e5b2d4680-LEAKCHECK";
  static final byte[] FEDERATION_SECRET =
      "tlk-federation-secret-0c1d2e3f-LEAKCHECK".getBytes(StandardCharsets.US_ASCII);

  KubernetesClient client;
  OperatorHarness h;
  TuneloopOperator operator;
  LogCapture logs;
  HttpServer admin;

  @BeforeEach
  void cluster() {
    h = new OperatorHarness(client);
    client
        .secrets()
        .inNamespace(OperatorHarness.NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("admin-token")
                .endMetadata()
                .addToData("token", base64(TOKEN.getBytes(StandardCharsets.US_ASCII)))
                .build())
        .create();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (logs != null) {
      logs.close();
    }
    if (admin != null) {
      admin.stop(0);
    }
    h.close();
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** Every form in which a secret could be written out. */
  static List<String> forms() {
    byte[] token = TOKEN.getBytes(StandardCharsets.US_ASCII);
    return List.of(
        TOKEN,
        base64(token),
        Base64.getUrlEncoder().withoutPadding().encodeToString(token),
        new String(FEDERATION_SECRET, StandardCharsets.US_ASCII),
        base64(FEDERATION_SECRET),
        HexFormat.of().formatHex(FEDERATION_SECRET),
        // A fragment, in case something truncates or wraps the value.
        "7f3a9c1e5b2d4680",
        "0c1d2e3f-LEAKCHECK");
  }

  @Test
  void noSecretInLogsStatusEventsDecisionsFilesOrMetrics(@TempDir Path dir) throws Exception {
    logs = new LogCapture();
    Path modelDir = dir.resolve("models");
    Files.createDirectories(modelDir);
    Files.write(modelDir.resolve("federation-secret"), FEDERATION_SECRET);
    PlannerDecisionMaker planner = PlannerDecisionMaker.fromStore(modelDir);
    // The admin endpoint: observe reads an empty dynamic configuration; every change is refused
    // (403), so one decision fails to apply. It records what the client sent, to show the token
    // really travelled (and so could have leaked).
    List<String> authorizations = new CopyOnWriteArrayList<>();
    admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    admin.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizations.add(auth);
          }
          exchange.getRequestBody().readAllBytes();
          boolean read = exchange.getRequestMethod().equals("GET");
          byte[] body =
              (read ? "{}" : "{\"reason\":\"not allowed\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(read ? 200 : 403, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    admin.start();
    String adminUrl = "http://127.0.0.1:" + admin.getAddress().getPort();
    Federations federations =
        new Federations(FEDERATION_SECRET, FeatureSchema.v1(), Clock.systemUTC());
    LearnerOutcomeSink sink =
        new LearnerOutcomeSink(
            modelDir, planner.model(), Clock.systemUTC(), Optional.of(federations));

    // A scale-up (applied to the StatefulSet), then a dynamic setting (sent through the admin
    // client, which the admin stand-in refuses), then nothing. The wait below needs only the
    // scale-up: the setting change may still be retrying when the texts are searched.
    AtomicInteger calls = new AtomicInteger();
    ScriptedDecisionMaker maker =
        new ScriptedDecisionMaker(
            r ->
                switch (calls.getAndIncrement()) {
                  case 0 -> new Action.ScaleBrokers(2, 3);
                  case 1 -> Action.ChangeSetting.of("dispatcherMaxReadBatchSize", 100, 200);
                  default -> Action.noOp();
                });
    SpecValidator validator =
        new SpecValidator(
            (ns, name, key) ->
                Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get())
                    .map(s -> s.getData() == null ? null : s.getData().get(key))
                    .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    try (KubernetesEnvironmentProvider envs =
        new KubernetesEnvironmentProvider(
            client,
            plan -> h.telemetry,
            BookieDecommissioner.Addressing.helmChart(),
            Duration.ofSeconds(1),
            Clock.systemUTC())) {
      TuningLoop loop =
          new TuningLoop(
              maker,
              new KubernetesDecisionJournal(client),
              h.metrics,
              Clock.systemUTC(),
              Duration.ofMillis(200),
              sink);
      BrokerClusterReconciler reconciler =
          new BrokerClusterReconciler(
              client, validator, envs, loop, h.metrics, Clock.systemUTC(), sink);
      operator =
          new TuneloopOperator(client, reconciler, Set.of(OperatorHarness.NS), Optional.empty());
      operator.start();

      BrokerClusterSpec spec = ClusterSpecs.valid(adminUrl);
      spec.mode = BrokerClusterSpec.Mode.Auto;
      spec.telemetry.intervalSeconds = 10;
      spec.pulsar.authSecretRef = new BrokerClusterSpec.SecretKeyRef();
      spec.pulsar.authSecretRef.name = "admin-token";
      spec.federation.join = true;
      spec.federation.shareUpdates = true;
      spec.federation.serviceUrl = "pulsar://127.0.0.1:1";
      h.createCluster("c1", spec);

      // The CA bundle pointed at the token Secret: refused, and the refusal must not quote it.
      BrokerClusterSpec wrongCa = ClusterSpecs.valid("https://pulsar-broker.pulsar.svc:8443");
      wrongCa.pulsar.tls = new BrokerClusterSpec.Tls();
      wrongCa.pulsar.tls.trustCertsSecretRef = new BrokerClusterSpec.SecretKeyRef();
      wrongCa.pulsar.tls.trustCertsSecretRef.name = "admin-token";
      wrongCa.pulsar.tls.trustCertsSecretRef.key = "token";
      h.createCluster("c2", wrongCa);

      try {
        OperatorHarness.await(
            "the scale-up applied, the wrong CA refused, the federation reported unreachable",
            Duration.ofSeconds(120),
            () -> h.replicas("pulsar-broker") == 3 && invalid("c2") && federationReported("c1"),
            done -> done);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "; c1 status: "
                + Serialization.asJson(h.cluster("c1").getStatus())
                + "; decisions: "
                + h.decisions().stream()
                    .map(
                        d ->
                            d.getSpec().action.description
                                + " "
                                + Serialization.asJson(d.getStatus()))
                    .toList(),
            e);
      }
    }
    operator.close();
    operator = null;

    // Export: every decision written as a decision file, as --local mode and export-sample read.
    DirectoryDecisionJournal files = new DirectoryDecisionJournal(dir.resolve("decisions"));
    h.decisions().forEach(files::create);

    // The mock server plays the API server, which stores the Secret: its own logs are not ours.
    List<String> produced =
        new ArrayList<>(
            logs.lines().stream()
                .filter(
                    l ->
                        !l.startsWith("io.fabric8.kubernetes.client.server.mock.")
                            && !l.startsWith("io.fabric8.mockwebserver."))
                .toList());
    for (BrokerCluster bc :
        client.resources(BrokerCluster.class).inNamespace(OperatorHarness.NS).list().getItems()) {
      produced.add(Serialization.asJson(bc.getStatus()));
    }
    h.events().forEach(e -> produced.add(Serialization.asJson(e)));
    h.decisions().forEach(d -> produced.add(Serialization.asJson(d)));
    try (Stream<Path> f = Files.walk(dir)) {
      for (Path p : f.filter(Files::isRegularFile).toList()) {
        if (!p.getFileName().toString().equals("federation-secret")) {
          produced.add(p + ": " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    }
    ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(metrics, h.registry.scrape());
    produced.add(metrics.toString(StandardCharsets.UTF_8));

    // The run did produce what is searched: decisions, a failure, Events and logs.
    assertThat(authorizations).contains("Bearer " + TOKEN);
    assertThat(h.decisions()).isNotEmpty();
    assertThat(h.events()).isNotEmpty();
    assertThat(logs.lines()).isNotEmpty();
    assertThat(Files.list(dir.resolve("decisions")).count()).isEqualTo(h.decisions().size());

    // A plan holds the token; printing one (a log line, an exception) must not show it.
    produced.add(
        validator
            .validate(OperatorHarness.NS, "c1", h.cluster("c1").getSpec())
            .plan()
            .orElseThrow()
            .toString());

    List<String> leaks = new ArrayList<>();
    for (String text : produced) {
      for (String form : forms()) {
        if (text.contains(form)) {
          leaks.add(form + " in: " + text.substring(0, Math.min(300, text.length())));
        }
      }
    }
    System.out.printf(
        "secret search: %d texts (%d log lines), %d forms, leaks %d%n",
        produced.size(), logs.lines().size(), forms().size(), leaks.size());
    assertThat(leaks).isEmpty();
  }

  @Test
  void theShippedLogConfigurationKeepsTheHttpWireLoggerAboveDebug() throws Exception {
    // The capture above searches with this logger at INFO, as shipped; were the shipped level
    // lowered, every admin request's token would be logged.
    String shipped = Files.readString(Path.of("../app/src/main/resources/log4j2.xml"));
    assertThat(shipped)
        .containsPattern(
            "<Logger name=\""
                + LogCapture.HTTP_WIRE_LOGGER.replace(".", "\\.")
                + "\" level=\"(INFO|WARN|ERROR)\"/>");
  }

  boolean federationReported(String name) {
    BrokerCluster bc = h.cluster(name);
    return bc != null
        && bc.getStatus() != null
        && bc.getStatus().conditions != null
        && bc.getStatus().conditions.stream()
            .anyMatch(c -> "FederationUnreachable".equals(c.getReason()));
  }

  boolean invalid(String name) {
    BrokerCluster bc = h.cluster(name);
    return bc != null
        && bc.getStatus() != null
        && bc.getStatus().conditions != null
        && bc.getStatus().conditions.stream().anyMatch(c -> "InvalidSpec".equals(c.getReason()));
  }
}
