package org.zoolab.train;

import org.zoolab.io.StrictYaml;

import static org.zoolab.io.StrictYaml.require;

/**
 * Optional early stopping: ends the run when the validation metric has not improved by more than
 * {@code minDelta} for {@code patience} epochs. The best model is kept as {@code best.zip} either way.
 *
 * @param metric    val_loss or val_top1
 * @param patience  epochs without improvement before stopping
 * @param minDelta  smallest change that counts as an improvement
 */
public record EarlyStopping(Schedule.Metric metric, Integer patience, Double minDelta) {

    public EarlyStopping {
        require(metric != null, "metric", "missing; expected val_loss or val_top1");
        require(patience != null && patience >= 1, "patience", "must be an integer >= 1, got " + patience);
        minDelta = minDelta == null ? 0.0 : minDelta;
        require(minDelta >= 0, "minDelta", "must be >= 0, got " + minDelta);
    }

    /**
     * Progress of early stopping, checkpointed.
     *
     * @param best      best value so far (NaN: none yet)
     * @param badEpochs epochs since the last improvement
     */
    public record State(double best, int badEpochs) {
        public static final State START = new State(Double.NaN, 0);
    }

    /** The state after one more epoch with metric {@code value}. */
    public State update(State s, double value) {
        boolean higher = metric.higherIsBetter();
        boolean improved = Double.isNaN(s.best()) || (higher ? value > s.best() + minDelta : value < s.best() - minDelta);
        return improved ? new State(value, 0) : new State(s.best(), s.badEpochs() + 1);
    }

    /** True when the run should stop. */
    public boolean shouldStop(State s) {
        return s.badEpochs() >= patience;
    }
}
