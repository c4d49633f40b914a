package io.tuneloop.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

  @Test
  void quotesOnlyWhatNeedsQuotingAndLeavesMissingValuesEmpty(@TempDir Path dir) throws Exception {
    CsvTable t = new CsvTable(List.of("a", "b", "c", "d"));
    t.add(Arrays.asList("plain", "x, y", "say \"hi\"", null));
    t.add(Arrays.asList(1, Double.NaN, true, "two\nlines"));
    Path f = dir.resolve("t.csv");
    t.write(f);
    assertThat(Files.readString(f))
        .isEqualTo("a,b,c,d\nplain,\"x, y\",\"say \"\"hi\"\"\",\n1,,true,\"two\nlines\"\n");
  }

  @Test
  void doublesKeepSixSignificantDigitsWithoutTrailingZeros() {
    assertThat(CsvTable.format(0.0)).isEqualTo("0");
    assertThat(CsvTable.format(60.0)).isEqualTo("60");
    assertThat(CsvTable.format(15.582123456)).isEqualTo("15.5821");
    assertThat(CsvTable.format(-0.000123456789)).isEqualTo("-0.000123457");
    assertThat(Double.parseDouble(CsvTable.format(1.6059e19))).isEqualTo(1.6059e19);
    assertThat(Double.parseDouble(CsvTable.format(3.2e-9))).isEqualTo(3.2e-9);
    assertThat(CsvTable.format(Double.POSITIVE_INFINITY)).isEmpty();
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    CsvTable t = new CsvTable(List.of("a", "b"));
    assertThatThrownBy(() -> t.add(List.of("only one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row has 1 values, the header has 2 columns");
  }
}
