package io.tuneloop.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneloop.tuning.knobs.DurabilityDenylist;
import io.tuneloop.tuning.knobs.Knob;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CEL rules in the CRD say what the knob catalog and the denylist say. */
class KnobRulesTest {

  @Test
  void celRangesAreTheCatalogRanges() {
    Map<String, double[]> cel = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("'([A-Za-z_]+)': \\[([0-9.]+), ([0-9.]+)\\]")
            .matcher(KnobRules.CATALOG_RANGES);
    while (m.find()) {
      cel.put(
          m.group(1),
          new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
    }
    Map<String, double[]> catalog = new LinkedHashMap<>();
    for (Knob k : KnobCatalog.standard().settings()) {
      catalog.put(k.name(), new double[] {k.min(), k.max()});
    }
    assertThat(cel.keySet()).containsExactlyInAnyOrderElementsOf(catalog.keySet());
    catalog.forEach((name, range) -> assertThat(cel.get(name)).as(name).containsExactly(range));
  }

  @Test
  void celDenylistAgreesWithDurabilityDenylist() {
    Pattern cel = Pattern.compile(KnobRules.DENIED_PATTERN);
    for (String key :
        new String[] {
          "managedLedgerDefaultEnsembleSize",
          "managedLedgerDefaultAckQuorum",
          "journalSyncData",
          "authenticationEnabled",
          "tlsEnabled",
          "brokerClientAuthenticationParameters",
          "journalMaxGroupWaitMSec",
          "dispatcherMaxReadBatchSize",
          "flushInterval"
        }) {
      boolean celDenies = cel.matcher(key.toLowerCase(Locale.ROOT)).find();
      assertThat(celDenies).as(key).isEqualTo(DurabilityDenylist.isDenied(key));
    }
  }
}
