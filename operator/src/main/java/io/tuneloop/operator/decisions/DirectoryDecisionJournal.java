package io.tuneloop.operator.decisions;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tuneloop.operator.crd.TuningDecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decisions as YAML files ({@code <name>.yaml}, the same TuningDecision documents the operator
 * writes to Kubernetes) in one directory, for {@code --local} mode. Writes go through a temporary
 * file and an atomic move, so a crash never leaves half a record.
 */
public final class DirectoryDecisionJournal implements DecisionJournal {
  private final Path dir;

  public DirectoryDecisionJournal(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create decisions directory " + dir, e);
    }
  }

  @Override
  public List<TuningDecision> list(String namespace, String cluster) {
    List<TuningDecision> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        TuningDecision td = Serialization.unmarshal(Files.readString(f), TuningDecision.class);
        if (td.getSpec() != null && cluster.equals(td.getSpec().clusterName)) {
          out.add(td);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read decisions in " + dir, e);
    }
    out.sort(DecisionRecords.OLDEST_FIRST);
    return out;
  }

  @Override
  public TuningDecision create(TuningDecision decision) {
    write(decision);
    return decision;
  }

  @Override
  public TuningDecision updateStatus(TuningDecision decision) {
    write(decision);
    return decision;
  }

  @Override
  public void delete(TuningDecision decision) {
    try {
      Files.deleteIfExists(file(decision));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(decision), e);
    }
  }

  private Path file(TuningDecision d) {
    return dir.resolve(d.getMetadata().getName() + ".yaml");
  }

  private void write(TuningDecision d) {
    Path target = file(d);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, Serialization.asYaml(d));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
