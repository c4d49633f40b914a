package io.tuneloop.sim.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The built-in workload traces of issue 4. Each is a pure function of the seed: the same seed gives
 * the same rows, a different seed moves spikes, bursts and noise around but keeps the shape.
 *
 * <p>All last one simulated day except {@code step}, which lasts 12 hours. Rates are cluster-wide.
 * The size column is a mean: in {@code large-message} a burst is modelled as the mean rising while
 * about 0.3% of messages are multi-megabyte, which is how it shows in {@code avg_msg_bytes}.
 */
public final class BuiltinTraces {
  private static final double DAY = 86_400;
  private static final Map<String, BiFunction<String, Long, WorkloadTrace>> TRACES =
      new LinkedHashMap<>();

  static {
    TRACES.put("diurnal", BuiltinTraces::diurnal);
    TRACES.put("roller-coaster", BuiltinTraces::rollerCoaster);
    TRACES.put("step", BuiltinTraces::step);
    TRACES.put("large-message", BuiltinTraces::largeMessage);
    TRACES.put("flash-crowd", BuiltinTraces::flashCrowd);
  }

  private BuiltinTraces() {}

  public static List<String> names() {
    return List.copyOf(TRACES.keySet());
  }

  public static boolean exists(String name) {
    return TRACES.containsKey(name);
  }

  /**
   * @throws IllegalArgumentException naming the known traces when {@code name} is not one
   */
  public static WorkloadTrace get(String name, long seed) {
    BiFunction<String, Long, WorkloadTrace> f = TRACES.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "no built-in trace '" + name + "'; expected one of " + TRACES.keySet());
    }
    return f.apply(name, seed);
  }

  private static SplittableRandom rng(String name, long seed) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
  }

  /** Noise factor around 1 with the given relative spread, clipped to stay positive. */
  private static double jitter(SplittableRandom r, double spread) {
    return Math.max(0.2, 1 + spread * gaussian(r));
  }

  static double gaussian(SplittableRandom r) {
    double u1 = Math.max(1e-12, r.nextDouble());
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Office-hours day: 15k msg/s at night, 75k msg/s mid-afternoon, 1 KiB messages. */
  private static WorkloadTrace diurnal(String name, long seed) {
    SplittableRandom r = rng(name, seed);
    List<WorkloadPoint> pts = new ArrayList<>();
    double phase = r.nextDouble(-1800, 1800);
    for (double t = 0; t < DAY; t += 60) {
      double day = 0.5 - 0.5 * Math.cos(2 * Math.PI * (t - 4 * 3600 - phase) / DAY);
      double rate = (15_000 + 60_000 * day * day) * jitter(r, 0.04);
      double bytes = 1024 * jitter(r, 0.05);
      pts.add(new WorkloadPoint(t, rate, bytes, 400, 800, 800));
    }
    return new WorkloadTrace(name, pts, DAY);
  }

  /**
   * ML ingest: the rate jumps between irregular levels (2k to 140k msg/s) every 3 to 25 minutes,
   * with sharp one-minute ramps; 2 KiB messages.
   */
  private static WorkloadTrace rollerCoaster(String name, long seed) {
    SplittableRandom r = rng(name, seed);
    List<WorkloadPoint> pts = new ArrayList<>();
    double level = 30_000;
    double next = 0;
    double target = level;
    for (double t = 0; t < DAY; t += 60) {
      if (t >= next) {
        double u = r.nextDouble();
        target =
            u < 0.15
                ? r.nextDouble(2_000, 6_000)
                : u < 0.35 ? r.nextDouble(90_000, 140_000) : r.nextDouble(10_000, 70_000);
        next = t + 60 * r.nextInt(3, 26);
      }
      level = level + (target - level) * 0.8;
      double rate = level * jitter(r, 0.05);
      double bytes = 2048 * jitter(r, 0.08);
      pts.add(new WorkloadPoint(t, rate, bytes, 300, 600, 600));
    }
    return new WorkloadTrace(name, pts, DAY);
  }

  /** 25k msg/s for 4 hours, then a step to 90k msg/s for 4 hours, then back; 12 hours. */
  private static WorkloadTrace step(String name, long seed) {
    SplittableRandom r = rng(name, seed);
    List<WorkloadPoint> pts = new ArrayList<>();
    double len = DAY / 2;
    for (double t = 0; t < len; t += 60) {
      double base = t >= 4 * 3600 && t < 8 * 3600 ? 90_000 : 25_000;
      pts.add(new WorkloadPoint(t, base * jitter(r, 0.03), 1024 * jitter(r, 0.03), 400, 800, 800));
    }
    return new WorkloadTrace(name, pts, len);
  }

  /**
   * About 50k msg/s of 1.5 KiB messages; every 1 to 3 hours a burst of 5 to 20 minutes in which
   * about 0.3% of messages are 2 to 6 MiB (new content found), lifting the mean to 8-20 KiB.
   */
  private static WorkloadTrace largeMessage(String name, long seed) {
    SplittableRandom r = rng(name, seed);
    List<WorkloadPoint> pts = new ArrayList<>();
    double burstStart = 60 * r.nextInt(30, 120);
    double burstEnd = burstStart + 60 * r.nextInt(5, 21);
    double burstMean = 0;
    for (double t = 0; t < DAY; t += 60) {
      if (t >= burstEnd) {
        burstStart = burstEnd + 60 * r.nextInt(60, 181);
        burstEnd = burstStart + 60 * r.nextInt(5, 21);
      }
      boolean burst = t >= burstStart && t < burstEnd;
      if (burst && burstMean == 0) {
        double largeBytes = r.nextDouble(2, 6) * 1024 * 1024;
        burstMean = 0.003 * largeBytes;
      } else if (!burst) {
        burstMean = 0;
      }
      double rate = 50_000 * jitter(r, 0.05);
      double bytes = 1536 * jitter(r, 0.05) + burstMean * jitter(r, 0.15);
      pts.add(new WorkloadPoint(t, rate, bytes, 200, 400, 400));
    }
    return new WorkloadTrace(name, pts, DAY);
  }

  /**
   * A quiet 20k msg/s day with three flash crowds of 10x for 3 to 8 minutes, each ramping up in 30
   * seconds. Rows are every 60 s, and every 15 s around each crowd (intervals vary).
   */
  private static WorkloadTrace flashCrowd(String name, long seed) {
    SplittableRandom r = rng(name, seed);
    double[] starts = new double[3];
    double[] lengths = new double[3];
    for (int i = 0; i < 3; i++) {
      starts[i] = 60 * (r.nextInt(60, 420) + i * 480);
      lengths[i] = 60 * r.nextInt(3, 9);
    }
    List<WorkloadPoint> pts = new ArrayList<>();
    double t = 0;
    while (t < DAY) {
      double factor = 1;
      boolean near = false;
      for (int i = 0; i < 3; i++) {
        if (t >= starts[i] - 120 && t < starts[i] + lengths[i] + 120) {
          near = true;
        }
        if (t >= starts[i] && t < starts[i] + lengths[i]) {
          factor = t < starts[i] + 30 ? 5.5 : 10;
        }
      }
      double base = 20_000 * (0.85 + 0.3 * Math.sin(2 * Math.PI * t / DAY));
      double rate = base * factor * jitter(r, 0.03);
      int consumers = factor > 1 ? 1200 : 800;
      pts.add(new WorkloadPoint(t, rate, 1024 * jitter(r, 0.04), 400, 800, consumers));
      t += near ? 15 : 60;
    }
    return new WorkloadTrace(name, pts, DAY);
  }
}
