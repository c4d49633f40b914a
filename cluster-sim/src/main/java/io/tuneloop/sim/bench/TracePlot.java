package io.tuneloop.sim.bench;

import io.tuneloop.sim.twin.WindowRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per trace, four panels over time (hours): offered load, replicas (brokers and bookies),
 * the journal group wait and p99 publish latency against the SLO, one line per policy.
 */
public final class TracePlot {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 330;

  /**
   * One colour per policy, the same in every panel, set here rather than left to the chart: a
   * policy's bookies are drawn before the chart assigns its colours, so they could not take their
   * brokers' colour, and two policies ended up in the same yellow.
   */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x17becf)
  };

  private TracePlot() {}

  public static void write(Path file, String trace, List<RunResult> runs, double sloP99Ms) {
    System.setProperty("java.awt.headless", "true");
    List<XYChart> charts = new ArrayList<>();
    XYChart load = chart(trace + ": offered load", "msg/s");
    RunResult first = runs.get(0);
    load.addSeries("offered", hours(first.windows()), series(first.windows(), Metric.LOAD))
        .setMarker(SeriesMarkers.NONE);
    XYChart bytes = chart(trace + ": mean message size", "bytes");
    bytes
        .addSeries("avg_msg_bytes", hours(first.windows()), series(first.windows(), Metric.SIZE))
        .setMarker(SeriesMarkers.NONE);
    XYChart replicas = chart("brokers (solid) and bookies (dashed) desired", "pods");
    XYChart wait = chart("journalMaxGroupWaitMSec in force", "ms");
    XYChart p99 = chart("p99 publish latency (log) vs SLO " + (int) sloP99Ms + " ms", "ms");
    p99.getStyler().setYAxisLogarithmic(true);
    for (int i = 0; i < runs.size(); i++) {
      RunResult r = runs.get(i);
      Color colour = PALETTE[i % PALETTE.length];
      double[] x = hours(r.windows());
      XYSeries b =
          replicas.addSeries(r.policy() + " brokers", x, series(r.windows(), Metric.BROKERS));
      b.setMarker(SeriesMarkers.NONE);
      b.setLineColor(colour);
      XYSeries k =
          replicas.addSeries(r.policy() + " bookies", x, series(r.windows(), Metric.BOOKIES));
      k.setMarker(SeriesMarkers.NONE);
      k.setLineStyle(
          new BasicStroke(
              1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
      k.setLineColor(colour);
      XYSeries w = wait.addSeries(r.policy(), x, series(r.windows(), Metric.WAIT));
      w.setMarker(SeriesMarkers.NONE);
      w.setLineColor(colour);
      XYSeries q = p99.addSeries(r.policy(), x, series(r.windows(), Metric.P99));
      q.setMarker(SeriesMarkers.NONE);
      q.setLineColor(colour);
    }
    double[] x = hours(first.windows());
    double[] slo = new double[x.length];
    java.util.Arrays.fill(slo, sloP99Ms);
    // Black and dashed: no policy's colour.
    XYSeries s = p99.addSeries("SLO", x, slo);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(Color.BLACK);
    s.setLineStyle(
        new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 4}, 0));
    charts.add(load);
    charts.add(bytes);
    charts.add(replicas);
    charts.add(wait);
    charts.add(p99);
    try {
      BitmapEncoder.saveBitmap(
          charts,
          charts.size(),
          1,
          file.toString().replaceFirst("\\.png$", ""),
          BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
    }
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("hours")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    return c;
  }

  private enum Metric {
    LOAD,
    SIZE,
    BROKERS,
    BOOKIES,
    WAIT,
    P99
  }

  private static double[] hours(List<WindowRecord> w) {
    double[] x = new double[w.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = w.get(i).tSeconds() / 3600;
    }
    return x;
  }

  private static double[] series(List<WindowRecord> w, Metric m) {
    double[] y = new double[w.size()];
    for (int i = 0; i < y.length; i++) {
      WindowRecord r = w.get(i);
      y[i] =
          switch (m) {
            case LOAD -> r.offeredMsgRate();
            case SIZE -> r.avgMsgBytes();
            case BROKERS -> r.brokersDesired();
            case BOOKIES -> r.bookiesDesired();
            case WAIT -> r.groupWaitMs();
            case P99 -> Math.max(0.1, r.p99Ms());
          };
    }
    return y;
  }
}
