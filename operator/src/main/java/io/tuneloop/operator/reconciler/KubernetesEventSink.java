package io.tuneloop.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tuneloop.operator.loop.EventSink;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** core/v1 Events on the BrokerCluster, so {@code kubectl describe bc} shows each decision. */
public final class KubernetesEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
  private final KubernetesClient client;
  private final HasMetadata subject;
  private final Clock clock;

  public KubernetesEventSink(KubernetesClient client, HasMetadata subject, Clock clock) {
    this.client = client;
    this.subject = subject;
    this.clock = clock;
  }

  @Override
  public void emit(boolean warning, String reason, String message) {
    String now = clock.instant().toString();
    String ns = subject.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName(
                      subject.getMetadata().getName()
                          + "."
                          + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL)
                              .toLowerCase(Locale.ROOT))
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(subject.getApiVersion())
                  .withKind(subject.getKind())
                  .withName(subject.getMetadata().getName())
                  .withNamespace(ns)
                  .withUid(subject.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(warning ? "Warning" : "Normal")
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("tuneloop-operator")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; the decision record is the source of truth.
      LOG.warn(
          "could not record event {} on {}: {}",
          reason,
          subject.getMetadata().getName(),
          e.getMessage());
    }
  }
}
