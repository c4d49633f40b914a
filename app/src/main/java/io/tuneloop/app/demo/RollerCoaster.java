package io.tuneloop.app.demo;

import io.tuneloop.fixture.load.MessageSizes;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's workload: an endless, seeded, irregular sequence of {@link LoadPhase}s. It climbs,
 * spikes, drops to a trickle and changes message sizes from tens of bytes to a megabyte, so the
 * loop sees different conditions within minutes. Rates stay within what a 2-core machine running
 * the broker, the loop and the load generator together can sustain.
 */
public final class RollerCoaster {
  private final SplittableRandom random;
  private double level = 200;

  public RollerCoaster(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The next stretch of load. */
  public LoadPhase next() {
    int kind = random.nextInt(100);
    String label;
    double rate;
    Duration length;
    if (kind < 15) {
      label = "spike";
      rate = level * (2.5 + 2 * random.nextDouble());
      length = Duration.ofSeconds(8 + random.nextInt(8));
    } else if (kind < 30) {
      label = "drop";
      rate = Math.max(5, level * (0.05 + 0.1 * random.nextDouble()));
      length = Duration.ofSeconds(8 + random.nextInt(10));
    } else if (kind < 60) {
      label = "climb";
      level = Math.min(1200, level * (1.2 + 0.4 * random.nextDouble()));
      rate = level;
      length = Duration.ofSeconds(12 + random.nextInt(12));
    } else {
      label = "descent";
      level = Math.max(40, level * (0.5 + 0.3 * random.nextDouble()));
      rate = level;
      length = Duration.ofSeconds(12 + random.nextInt(12));
    }
    Sizes s = sizes();
    // Large messages at a high rate would exceed what the machine can write; slow down instead.
    double cap = LoadPhase.MAX_BYTES_PER_SECOND / s.mix.meanBytes();
    // Whole messages per second, rounded down so the byte budget holds.
    rate = Math.max(1, Math.floor(Math.min(rate, Math.min(cap, 3000))));
    return new LoadPhase(label, rate, s.mix, s.label, length);
  }

  private record Sizes(MessageSizes mix, String label) {}

  private Sizes sizes() {
    int k = random.nextInt(100);
    if (k < 25) {
      return new Sizes(MessageSizes.uniform(16, 256), "16-256 B");
    } else if (k < 55) {
      return new Sizes(MessageSizes.fixed(1024), "1 KiB");
    } else if (k < 80) {
      return new Sizes(
          MessageSizes.weighted(Map.of(100, 0.6, 4 * 1024, 0.3, 64 * 1024, 0.1)), "100 B-64 KiB");
    } else if (k < 95) {
      return new Sizes(MessageSizes.uniform(8 * 1024, 32 * 1024), "8-32 KiB");
    }
    return new Sizes(
        MessageSizes.weighted(Map.of(1024, 0.8, 256 * 1024, 0.15, 1024 * 1024, 0.05)),
        "1 KiB-1 MiB");
  }
}
