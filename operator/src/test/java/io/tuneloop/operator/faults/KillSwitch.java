package io.tuneloop.operator.faults;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Kills the operator's "process" just before its n-th write to the Kubernetes API (any request but
 * a GET), by throwing {@link SimulatedKill} on the calling thread: the write is never sent, and no
 * code after it runs, as when the pod is killed. Every write the operator's client sends is logged,
 * so a test can tell at which step it stood.
 */
final class KillSwitch implements Interceptor {
  private final List<String> writes = new ArrayList<>();
  private int killBefore = Integer.MAX_VALUE;
  private Predicate<String> onKill = w -> true;
  private java.util.function.Consumer<String> watcher = w -> {};
  private boolean fired;
  private String killedAt;

  /** Arms the switch: the {@code n}-th write from now (1-based) is never sent. */
  synchronized void killBeforeWrite(int n) {
    killBefore = writes.size() + n;
  }

  /** Runs {@code check} on the write about to be killed (it may record what it sees). */
  synchronized void onKill(Predicate<String> check) {
    onKill = check;
  }

  /** Shows {@code watcher} every write just before it is sent (or killed). */
  synchronized void watch(java.util.function.Consumer<String> watcher) {
    this.watcher = watcher;
  }

  synchronized void disarm() {
    killBefore = Integer.MAX_VALUE;
  }

  synchronized boolean fired() {
    return fired;
  }

  /** The write that was never sent, as {@code METHOD path}. */
  synchronized String killedAt() {
    return killedAt;
  }

  synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if ("GET".equals(request.method())) {
      return;
    }
    String write = request.method() + " " + request.uri().getPath();
    synchronized (this) {
      watcher.accept(write);
      if (writes.size() + 1 == killBefore) {
        fired = true;
        killedAt = write;
        killBefore = Integer.MAX_VALUE;
        onKill.test(write);
        throw new SimulatedKill(write);
      }
      writes.add(write);
    }
  }

  /** The operator process died; an Error, so no catch block of the operator's runs. */
  static final class SimulatedKill extends Error {
    SimulatedKill(String write) {
      super("operator killed before " + write);
    }
  }
}
