package io.tuneloop.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationRoundsExportTest {

  private static List<String[]> rows(CsvTable t, Path dir) throws Exception {
    Path f = dir.resolve("f.csv");
    t.write(f);
    // No value of this table holds a quote; the rule names' commas are inside quotes.
    return Files.readAllLines(f).stream()
        .skip(1)
        .map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))
        .toList();
  }

  private static double mse(List<String[]> rows, String scenario, int round) {
    return rows.stream()
        .filter(r -> r[0].equals(scenario) && r[4].equals(Integer.toString(round)))
        .mapToDouble(r -> Double.parseDouble(r[5]))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void sameSeedSameTableAndEveryScenarioHasEveryRound(@TempDir Path dir) throws Exception {
    CsvTable a = new FederationRoundsExport(7, 12).run();
    CsvTable b = new FederationRoundsExport(7, 12).run();
    a.write(dir.resolve("a.csv"));
    b.write(dir.resolve("b.csv"));
    assertThat(dir.resolve("a.csv")).hasSameTextualContentAs(dir.resolve("b.csv"));
    int scenarios = new FederationRoundsExport(7, 12).scenarios().size();
    assertThat(a.rowCount()).isEqualTo(scenarios * 13);
    assertThat(a.header()).isEqualTo(FederationRoundsExport.COLUMNS);
  }

  @Test
  void honestFedAvgLearnsAndTheTrimmedMeanResistsTheHostileClusterThatWrecksPlainFedAvg(
      @TempDir Path dir) throws Exception {
    List<String[]> rows = rows(new FederationRoundsExport(1, 20).run(), dir);
    double start = mse(rows, "fedavg", 0);
    assertThat(mse(rows, "fedavg", 20)).isLessThan(start / 10);
    assertThat(mse(rows, "trimmed-mean-hostile", 20)).isLessThan(start / 10);
    assertThat(mse(rows, "fedavg-unclipped-hostile", 20)).isGreaterThan(start * 10);
  }

  @Test
  void privacySpentGrowsWithRoundsAndShrinksWithNoise() {
    assertThat(FederationRoundsExport.epsilon(0, 5)).isNaN();
    double z1r5 = FederationRoundsExport.epsilon(1.0, 5);
    assertThat(FederationRoundsExport.epsilon(1.0, 10)).isGreaterThan(z1r5);
    assertThat(FederationRoundsExport.epsilon(2.0, 5)).isLessThan(z1r5);
  }

  @Test
  void noRoundsIsRefused() {
    assertThatThrownBy(() -> new FederationRoundsExport(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rounds=0 must be >= 1");
  }
}
