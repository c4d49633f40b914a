package io.tuneloop.tuning.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.tuneloop.tuning.knobs.KnobCatalog;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tuning-model is pure decision logic: no Kubernetes client, no Pulsar client (DESIGN.md §2). */
class ModuleBoundaryTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importLocations(List.of(Location.of(mainClasses())));

  /** This module's compiled main classes (scanning the whole classpath would be slow). */
  private static Path mainClasses() {
    try {
      return Path.of(KnobCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void doesNotUseKubernetesOrPulsarClasses() {
    noClasses()
        .that()
        .resideInAPackage("io.tuneloop.tuning..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "org.apache.pulsar..", "io.javaoperatorsdk..")
        .because("tuning-model talks to clusters only through the Environment interface")
        .check(MAIN);
  }

  @Test
  void hasClassesToCheck() {
    // An empty import would make the rule above pass vacuously.
    org.assertj.core.api.Assertions.assertThat(MAIN.size()).isGreaterThan(30);
  }
}
