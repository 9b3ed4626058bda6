package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Ends the run when the generator has no candidate left and none is training. Arbiter's runner loops until a
 * termination condition holds; with a finite grid and only a time limit, or with candidates that all fail (which
 * {@code MaxCandidatesCondition} counts only once their futures return), it would otherwise poll forever.
 */
public final class AllCandidatesDoneCondition implements TerminationCondition {
    private final CandidateGenerator generator;

    public AllCandidatesDoneCondition(CandidateGenerator generator) {
        this.generator = generator;
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return !generator.hasMoreCandidates() && runner.numCandidatesQueued() == 0;
    }

    @Override
    public String toString() {
        return "AllCandidatesDoneCondition";
    }
}
