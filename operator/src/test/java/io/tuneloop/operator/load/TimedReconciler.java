package io.tuneloop.operator.load;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tuneloop.operator.crd.BrokerCluster;
import io.tuneloop.operator.federation.ClusterFederator;
import io.tuneloop.operator.loop.TuningLoop;
import io.tuneloop.operator.metrics.OperatorMetrics;
import io.tuneloop.operator.reconciler.BrokerClusterReconciler;
import io.tuneloop.operator.reconciler.EnvironmentProvider;
import io.tuneloop.operator.spec.SpecValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The real reconciler, timing every reconcile and keeping every exception it lets out. */
@ControllerConfiguration(name = "brokercluster")
final class TimedReconciler extends BrokerClusterReconciler {
  private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  TimedReconciler(
      KubernetesClient client,
      SpecValidator validator,
      EnvironmentProvider environments,
      TuningLoop loop,
      OperatorMetrics metrics,
      Clock clock,
      ClusterFederator federator) {
    super(client, validator, environments, loop, metrics, clock, federator);
  }

  @Override
  public UpdateControl<BrokerCluster> reconcile(BrokerCluster bc, Context<BrokerCluster> context) {
    long start = System.nanoTime();
    try {
      return super.reconcile(bc, context);
    } catch (RuntimeException e) {
      StringBuilder causes = new StringBuilder(e.toString());
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        causes.append(" <- ").append(t);
      }
      errors.add(
          bc.getMetadata().getNamespace() + "/" + bc.getMetadata().getName() + ": " + causes);
      throw e;
    } finally {
      nanos.add(System.nanoTime() - start);
    }
  }

  List<Long> durationsNanos() {
    return new ArrayList<>(nanos);
  }

  List<String> errors() {
    return new ArrayList<>(errors);
  }
}
