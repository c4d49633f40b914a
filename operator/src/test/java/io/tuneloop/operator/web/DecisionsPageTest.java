package io.tuneloop.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneloop.operator.crd.TuningDecision;
import io.tuneloop.operator.crd.TuningDecisionStatus.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The decisions page's HTML: escaping, empty states, many decisions, and the chart. */
class DecisionsPageTest {
  private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");
  private final DecisionsPage page = new DecisionsPage();

  private String render(List<TuningDecision> decisions, ObservationHistory history) {
    return page.render(ClusterView.of(decisions, history), NOW);
  }

  @Test
  void everyValueFromAResourceIsEscaped() {
    List<TuningDecision> ds = new ArrayList<>(SampleDecisions.mixed("ns", "c1"));
    TuningDecision hostile =
        SampleDecisions.decision(
            "ns", "c1", 9, Phase.Verified, "<img src=x onerror=alert(1)>", "r", 10, 11.0);
    hostile.getSpec().runnerUps = List.of("<iframe src=\"javascript:alert(2)\">");
    hostile.getSpec().mode = "<svg onload=alert(3)>";
    hostile.getStatus().message = "</td></tr><script>alert(4)</script>";
    ds.add(hostile);
    ds.add(
        SampleDecisions.decision("ns\"><script>", "c<2>", 1, Phase.Verified, "a", "b", 10, 12.0));

    String html = render(ds, new ObservationHistory(10));

    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<iframe")
        .doesNotContain("<svg onload")
        .doesNotContain("<b>SLO")
        .contains("p99 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'quotes'")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;iframe src=&quot;javascript:alert(2)&quot;&gt;")
        .contains("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(4)&lt;/script&gt;")
        .contains("<h2>ns&quot;&gt;&lt;script&gt;/c&lt;2&gt;</h2>");
    // The chart's tooltips carry the same text, escaped as well.
    assertThat(html).contains("<title>#2 RolledBack: journalMaxGroupWaitMSec 1 -&gt; 10.");
  }

  @Test
  void emptyStateSaysThereAreNoDecisions() {
    String html = render(List.of(), new ObservationHistory(10));
    assertThat(html)
        .contains("<title>Tuneloop decisions</title>")
        .contains("0 clusters")
        .contains("id=\"no-decisions\"")
        .doesNotContain("<table");
  }

  @Test
  void aClusterWithPassesButNoDecisionsShowsItsChart() {
    ObservationHistory h = new ObservationHistory(10);
    h.record("local/dev", SampleDecisions.observation(0, 12, 1, 1));
    h.record("local/dev", SampleDecisions.observation(10, 30, 1, 1));
    String html = render(List.of(), h);
    assertThat(html)
        .contains("<h2>local/dev</h2>")
        .contains("<polyline class=\"p99\"")
        .contains("No decisions for this cluster yet")
        .contains("2 observations");
  }

  @Test
  void showsReasonRunnerUpsPredictionAndOutcomeOfEachDecisionNewestFirst() {
    String html = render(SampleDecisions.mixed("local", "dev"), new ObservationHistory(10));
    assertThat(html)
        .contains("managedLedgerCacheSizeMB 205 -&gt; 64")
        .contains("lowest cost within the SLO")
        .contains("<li>noop: p99 18.0 ms ± 2.0, cost 1.00</li>".replace("±", "&plusmn;"))
        .contains("p99 15.5 ms &plusmn; 2.5 ms")
        .contains("after: p99 45 ms")
        .contains("model error +31.0 ms")
        .contains("after: not yet observed");
    for (String phase : List.of("Verified", "RolledBack", "Rejected", "Recommended", "Applied")) {
      assertThat(html).contains(">" + phase + "</span>");
    }
    // Newest first in the table; numbers follow the order decisions were planned in.
    String table = html.substring(html.indexOf("<table"));
    assertThat(table.indexOf("cache evicts too early"))
        .isLessThan(table.indexOf("lowest cost within the SLO"));
    assertThat(rowNumbers(html)).containsExactly(5, 4, 3, 2, 1);
  }

  @Test
  void withoutPassesTheChartIsRebuiltFromTheDecisionsRecords() {
    List<TuningDecision> ds = SampleDecisions.mixed("local", "dev");
    ClusterView view = ClusterView.of(ds, new ObservationHistory(10)).get(0);
    // Five before-windows and two after-windows (the decisions that were observed after).
    assertThat(view.history()).hasSize(7).allMatch(PassObservation::fromDecision);
    assertThat(new DecisionsChart().render(view)).contains("(from a decision record)");
  }

  @Test
  void passesOfThisProcessReplaceRecordsFromTheSameTime() {
    ObservationHistory h = new ObservationHistory(10);
    h.record("local/dev", SampleDecisions.observation(5 * 60, 20, 1, 1));
    ClusterView view = ClusterView.of(SampleDecisions.mixed("local", "dev"), h).get(0);
    // Only records older than the first pass are added to the passes.
    assertThat(view.history()).filteredOn(p -> !p.fromDecision()).hasSize(1);
    assertThat(view.history())
        .filteredOn(PassObservation::fromDecision)
        .allMatch(p -> p.at().isBefore(SampleDecisions.T0.plusSeconds(300)));
  }

  @Test
  void manyDecisionsAreAllListedAndMarked() {
    List<TuningDecision> ds = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ds.add(
          SampleDecisions.decision(
              "local", "dev", i, Phase.Verified, "knob " + i, "reason " + i, 10, 11.0));
    }
    String html = render(ds, new ObservationHistory(10));
    assertThat(rowNumbers(html)).hasSize(300).startsWith(300, 299).endsWith(2, 1);
    assertThat(count(html, "<g class=\"decision\">")).isEqualTo(300);
    assertThat(html).contains("300 decisions").contains("Verified: 300");
  }

  @Test
  void decisionsWithMissingFieldsStillRender() {
    TuningDecision bare = new TuningDecision();
    bare.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    bare.setSpec(new io.tuneloop.operator.crd.TuningDecisionSpec());
    bare.getSpec().clusterName = "dev";
    bare.setStatus(null);
    TuningDecision badTime =
        SampleDecisions.decision("", "dev", 1, Phase.Applied, "a", "b", 1, 2.0);
    badTime.getStatus().plannedAt = "yesterday";
    badTime.getSpec().snapshot.windowEnd = "not a time";
    String html = render(List.of(bare, badTime), new ObservationHistory(10));
    assertThat(html).contains("<h2>dev</h2>").contains("(no action)").contains(">Unknown</span>");
    assertThat(rowNumbers(html)).hasSize(2);
  }

  @Test
  void historyIsBoundedPerCluster() {
    ObservationHistory h = new ObservationHistory(3);
    for (int i = 0; i < 10; i++) {
      h.record("a", SampleDecisions.observation(i, i, 1, 1));
    }
    h.record("b", SampleDecisions.observation(0, 1, 1, 1));
    assertThat(h.of("a")).extracting(p -> p.p99Ms().getAsDouble()).containsExactly(7.0, 8.0, 9.0);
    assertThat(h.of("b")).hasSize(1);
    assertThat(h.clusters()).containsExactly("a", "b");
    assertThatThrownBy(() -> new ObservationHistory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perCluster=0");
  }

  private static List<Integer> rowNumbers(String html) {
    Matcher m =
        Pattern.compile("<tr class=\"decision\"[^>]*><td class=\"num\">(\\d+)</td>").matcher(html);
    List<Integer> out = new ArrayList<>();
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
