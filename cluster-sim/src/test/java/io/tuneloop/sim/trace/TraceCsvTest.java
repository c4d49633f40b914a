package io.tuneloop.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TraceCsvTest {
  private static final String H = TraceCsv.HEADER + "\n";

  private static WorkloadTrace parse(String text) throws Exception {
    return TraceCsv.read("t", "trace.csv", new StringReader(text));
  }

  @Test
  void readsVaryingIntervalsAndHoldsEachRowUntilTheNext() throws Exception {
    WorkloadTrace t = parse(H + "0,1000,1024,10,20,20\n60,2000,512,10,20,20\n75,500,100,5,5,5\n");
    assertThat(t.points()).hasSize(3);
    assertThat(t.at(59.9).msgRate()).isEqualTo(1000);
    assertThat(t.at(60).msgRate()).isEqualTo(2000);
    assertThat(t.durationSeconds()).isEqualTo(90);
    // Average over [30, 90): 30 s at 1000, 15 s at 2000, 15 s at 500.
    assertThat(t.average(30, 90).msgRate()).isEqualTo((30 * 1000 + 15 * 2000 + 15 * 500) / 60.0);
  }

  @Test
  void writesWhatItReads() throws Exception {
    WorkloadTrace t = BuiltinTraces.get("flash-crowd", 3);
    StringWriter w = new StringWriter();
    TraceCsv.write(t, w);
    WorkloadTrace back = parse(w.toString());
    assertThat(back.points()).hasSize(t.points().size());
    for (int i = 0; i < t.points().size(); i++) {
      assertThat(back.points().get(i).msgRate())
          .isCloseTo(t.points().get(i).msgRate(), org.assertj.core.data.Offset.offset(0.001));
      assertThat(back.points().get(i).tSeconds()).isEqualTo(t.points().get(i).tSeconds());
    }
  }

  @Test
  void namesRowAndColumnOfABadNumber() {
    assertThatThrownBy(() -> parse(H + "0,1000,1024,10,20,20\n60,fast,1024,10,20,20\n"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("trace.csv: row 3, column msg_rate")
        .hasMessageContaining("'fast' is not a number")
        .satisfies(
            e -> {
              TraceFormatException f = (TraceFormatException) e;
              assertThat(f.row()).isEqualTo(3);
              assertThat(f.column()).isEqualTo("msg_rate");
            });
  }

  @Test
  void namesTheColumnOfAnOutOfRangeValue() {
    assertThatThrownBy(() -> parse(H + "0,-5,1024,10,20,20\n"))
        .hasMessageContaining("row 2, column msg_rate")
        .hasMessageContaining("msg_rate=-5.0");
    assertThatThrownBy(() -> parse(H + "0,5,1024,0,20,20\n"))
        .hasMessageContaining("row 2, column topics");
    assertThatThrownBy(() -> parse(H + "0,5,1024,2.5,20,20\n"))
        .hasMessageContaining("row 2, column topics")
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> parse(H + "0,5,20000000,2,20,20\n"))
        .hasMessageContaining("column avg_msg_bytes");
  }

  @Test
  void refusesAWrongHeaderMissingColumnsAndTimeGoingBack() {
    assertThatThrownBy(() -> parse("time,rate\n0,1\n"))
        .hasMessageContaining("row 1")
        .hasMessageContaining("expected '" + TraceCsv.HEADER + "'");
    assertThatThrownBy(() -> parse(H + "0,1000,1024,10,20\n"))
        .hasMessageContaining("row 2")
        .hasMessageContaining("has 5 columns, expected 6");
    assertThatThrownBy(() -> parse(H + "0,1,1,1,1,1\n60,1,1,1,1,1\n30,1,1,1,1,1\n"))
        .hasMessageContaining("row 4, column t_seconds")
        .hasMessageContaining("not after the previous row");
    assertThatThrownBy(() -> parse(H + "10,1,1,1,1,1\n"))
        .hasMessageContaining("row 2, column t_seconds")
        .hasMessageContaining("expected 0");
    assertThatThrownBy(() -> parse(H)).hasMessageContaining("no data rows");
    assertThatThrownBy(() -> parse("")).hasMessageContaining("missing header");
  }

  @Test
  void skipsCommentsAndBlankLines() throws Exception {
    WorkloadTrace t = parse("# made by hand\n\n" + H + "\n0,1,1,1,1,1\n# end\n");
    assertThat(t.points()).hasSize(1);
    assertThat(t.durationSeconds()).isEqualTo(60);
  }
}
