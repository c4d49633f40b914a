package io.tuneloop.app.demo;

import io.tuneloop.fixture.load.LoadGenerator;
import io.tuneloop.fixture.load.LoadGeneratorException;
import io.tuneloop.fixture.load.LoadReport;
import io.tuneloop.fixture.load.LoadSpec;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a broker with the fixture's load generator through the {@link RollerCoaster}'s phases, one
 * generator per phase, on its own thread, until closed. A phase that cannot start (the broker is
 * restarting) is retried with the next phase after a short wait; it never ends the demo.
 */
public final class RollerCoasterLoad implements AutoCloseable {
  private static final String TOPICS = "persistent://public/default/tuneloop-demo";

  private final String serviceUrl;
  private final RollerCoaster pattern;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger phases = new AtomicInteger();
  private final Thread thread;
  private volatile LoadPhase current;
  private volatile LoadGenerator generator;
  private volatile LoadReport lastReport;
  private volatile String lastProblem;

  public RollerCoasterLoad(String serviceUrl, RollerCoaster pattern) {
    this.serviceUrl = serviceUrl;
    this.pattern = pattern;
    this.thread = new Thread(this::drive, "tuneloop-demo-load");
    this.thread.setDaemon(true);
  }

  public RollerCoasterLoad start() {
    thread.start();
    return this;
  }

  /** The phase under way, if one started. */
  public Optional<LoadPhase> current() {
    return Optional.ofNullable(current);
  }

  /** The report of the latest finished phase. */
  public Optional<LoadReport> lastReport() {
    return Optional.ofNullable(lastReport);
  }

  /** Why the latest phase could not start, if it could not. */
  public Optional<String> lastProblem() {
    return Optional.ofNullable(lastProblem);
  }

  public int phasesStarted() {
    return phases.get();
  }

  private void drive() {
    while (stopped.getCount() > 0) {
      LoadPhase phase = pattern.next();
      LoadSpec spec =
          LoadSpec.builder(phase.messagesPerSecond())
              .sizes(phase.sizes())
              .topics(2)
              .producers(2)
              .consumers(2)
              .duration(phase.length())
              .topicPrefix(TOPICS)
              .maxInFlight(500)
              .seed(phases.get())
              .build();
      LoadGenerator g = new LoadGenerator(serviceUrl, spec);
      generator = g;
      current = phase;
      phases.incrementAndGet();
      if (stopped.getCount() == 0) {
        return;
      }
      try {
        lastReport = g.run();
        lastProblem = null;
      } catch (LoadGeneratorException e) {
        lastProblem = e.getMessage();
        try {
          if (stopped.await(3, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException ie) {
          return;
        }
      } finally {
        generator = null;
      }
    }
  }

  /** Ends publishing now; {@link #close()} then waits for the clients to close. */
  public void stop() {
    stopped.countDown();
    LoadGenerator g = generator;
    if (g != null) {
      g.stop();
    }
  }

  /** Stops the phase under way and waits for its clients to close. */
  @Override
  public void close() {
    stop();
    try {
      // A phase drains for at most 40 s (acknowledgements, then consumers).
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
