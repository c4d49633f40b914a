package io.tuneloop.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import io.tuneloop.operator.OperatorHarness;
import io.tuneloop.operator.ScriptedDecisionMaker;
import io.tuneloop.operator.reconciler.TuneloopOperator;
import io.tuneloop.tuning.action.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A reconcile that keeps failing (the API refusing the operator's record writes for minutes) is
 * retried by JOSDK for as long as it fails, with a growing delay capped at five minutes: JOSDK's
 * default would stop after five attempts and leave an in-flight change alone until the next event.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ReconcileRetryFaultTest {
  KubernetesClient client;

  @Test
  void aFailingReconcileIsRetriedWithoutLimitAndWithBackoff() {
    OperatorHarness h = new OperatorHarness(client);
    TuneloopOperator op =
        new TuneloopOperator(
            client,
            h.reconciler(new ScriptedDecisionMaker(r -> Action.noOp())),
            Set.of(OperatorHarness.NS),
            Optional.empty());
    try {
      RetryExecution retry =
          op.josdk()
              .getRegisteredController("brokercluster")
              .orElseThrow()
              .getConfiguration()
              .getRetry()
              .initExecution();
      List<Long> delays = new ArrayList<>();
      for (int attempt = 0; attempt < 40; attempt++) {
        delays.add(retry.nextDelay().orElse(-1L));
      }
      assertThat(delays).as("a delay for every attempt").allMatch(d -> d > 0);
      assertThat(delays).isSorted();
      assertThat(delays.get(5)).as("grows: %s", delays).isGreaterThan(delays.get(0));
      assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofMinutes(5).toMillis());
    } finally {
      h.close();
    }
  }
}
