package io.tuneloop.operator.web;

import io.tuneloop.operator.crd.TuningDecision;
import java.util.List;

/**
 * Every decision the page may show, of every cluster: the TuningDecision resources the operator can
 * list, or the decision files of {@code --local} mode.
 */
@FunctionalInterface
public interface DecisionSource {
  /**
   * @throws RuntimeException when the store cannot be read (the page then answers 503)
   */
  List<TuningDecision> decisions();
}
