package io.tuneloop.operator.spec;

import java.util.List;
import java.util.Optional;

/** The result of validating a spec: a plan, or every problem found (never both). */
public record SpecValidation(Optional<ClusterPlan> plan, List<String> problems) {
  public SpecValidation {
    problems = List.copyOf(problems);
    if (plan.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException(
          "a validation has either a plan or problems, got plan="
              + plan.isPresent()
              + " problems="
              + problems);
    }
  }

  public static SpecValidation valid(ClusterPlan plan) {
    return new SpecValidation(Optional.of(plan), List.of());
  }

  public static SpecValidation invalid(List<String> problems) {
    return new SpecValidation(Optional.empty(), problems);
  }

  public boolean isValid() {
    return plan.isPresent();
  }

  /** Problems joined for a condition message. */
  public String message() {
    return isValid() ? "spec is valid" : String.join("; ", problems);
  }
}
