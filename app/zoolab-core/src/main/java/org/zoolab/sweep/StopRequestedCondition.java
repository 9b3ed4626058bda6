package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;

import java.util.function.BooleanSupplier;

/** Ends the run when the user asked the sweep to stop (Ctrl-C); the candidates in training stop at their next step. */
public final class StopRequestedCondition implements TerminationCondition {
    private final BooleanSupplier requested;

    public StopRequestedCondition(BooleanSupplier requested) {
        this.requested = requested;
    }

    @Override
    public void initialize(IOptimizationRunner runner) {
    }

    @Override
    public boolean terminate(IOptimizationRunner runner) {
        return requested.getAsBoolean();
    }

    @Override
    public String toString() {
        return "StopRequestedCondition";
    }
}
