package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

/**
 * Stops a sweep once this many candidates have failed in this invocation (a search space whose every point
 * diverges should not burn the whole budget). Candidates already training finish.
 */
public final class MaxFailuresCondition implements TerminationCondition {
    private final int maxFailures;

    public MaxFailuresCondition(int maxFailures) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
        this.maxFailures = maxFailures;
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return runner.numCandidatesFailed() >= maxFailures;
    }

    @Override
    public String toString() {
        return "MaxFailuresCondition(" + maxFailures + ")";
    }
}
