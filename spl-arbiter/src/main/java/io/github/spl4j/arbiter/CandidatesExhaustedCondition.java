package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Stops an Arbiter search once the candidate generator has no more candidates and none is running. Arbiter
 * 1.0.0-beta7's runner has no such rule of its own: a grid search smaller than its {@code MaxCandidatesCondition}
 * would otherwise wait forever after the last grid point.
 */
public final class CandidatesExhaustedCondition implements TerminationCondition {

    /** Creates the condition (it has no settings). */
    public CandidatesExhaustedCondition() {
    }

    @Override
    public void initialize(IOptimizationRunner optimizationRunner) {
        // Nothing to initialise: the condition reads the runner's state each time.
    }

    @Override
    public boolean terminate(IOptimizationRunner optimizationRunner) {
        return !optimizationRunner.getConfiguration().getCandidateGenerator().hasMoreCandidates()
                && optimizationRunner.numCandidatesQueued() == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidatesExhaustedCondition;
    }

    @Override
    public int hashCode() {
        return CandidatesExhaustedCondition.class.hashCode();
    }

    @Override
    public String toString() {
        return "CandidatesExhaustedCondition()";
    }
}
