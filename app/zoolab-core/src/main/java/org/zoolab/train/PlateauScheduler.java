package org.zoolab.train;

/**
 * "Divide the learning rate by 10 when the validation error stops improving": after each epoch it compares the
 * watched metric with the best so far; after {@code patience} epochs without an improvement larger than
 * {@code minDelta} it multiplies the rate by {@code factor} (not below {@code minLr}) and starts counting again.
 * Its {@link State} is part of every checkpoint, so a resumed run drops the rate at the same epoch.
 */
public final class PlateauScheduler {
    private final Schedule schedule;
    private State state;

    /**
     * @param lr         the current learning rate
     * @param best       best metric value so far (NaN: none yet)
     * @param badEpochs  epochs since the last improvement or rate drop
     * @param drops      how many times the rate was cut
     */
    public record State(double lr, double best, int badEpochs, int drops) {
    }

    public PlateauScheduler(Schedule schedule, State state) {
        if (schedule.type() != Schedule.Type.PLATEAU) {
            throw new IllegalArgumentException("not a plateau schedule: " + schedule.type());
        }
        this.schedule = schedule;
        this.state = state;
    }

    /** A fresh scheduler at rate {@code lr}. */
    public static PlateauScheduler start(Schedule schedule, double lr) {
        return new PlateauScheduler(schedule, new State(lr, Double.NaN, 0, 0));
    }

    public Schedule.Metric metric() {
        return schedule.metric();
    }

    public State state() {
        return state;
    }

    /** Records one epoch's metric; returns the learning rate to use from now on (changed or not). */
    public double onEpochEnd(double value) {
        boolean higher = schedule.metric().higherIsBetter();
        boolean improved = Double.isNaN(state.best())
                || (higher ? value > state.best() + schedule.minDelta() : value < state.best() - schedule.minDelta());
        if (improved) {
            state = new State(state.lr(), value, 0, state.drops());
            return state.lr();
        }
        int bad = state.badEpochs() + 1;
        if (bad >= schedule.patience()) {
            double lr = Math.max(state.lr() * schedule.factor(), schedule.minLr());
            state = new State(lr, state.best(), 0, state.drops() + (lr < state.lr() ? 1 : 0));
        } else {
            state = new State(state.lr(), state.best(), bad, state.drops());
        }
        return state.lr();
    }
}
