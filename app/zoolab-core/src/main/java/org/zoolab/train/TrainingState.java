package org.zoolab.train;

/**
 * Where a run stands, stored as JSON ({@value ModelFile#STATE_ENTRY}) inside every checkpoint next to the
 * weights and updater state. With it a resumed run continues exactly: same epoch and batch, same data order
 * (a function of the data seed and the epoch), same random numbers (re-seeded from {@code seed} and the
 * iteration before every step), same learning-rate schedule position.
 *
 * @param seed           the run's seed
 * @param epoch          the epoch in progress (0-based)
 * @param batchInEpoch   batches of that epoch already trained
 * @param iteration      parameter updates so far (equals DL4J's iteration count)
 * @param epochLossSum   sum of this epoch's minibatch losses so far
 * @param examplesSeen   training examples processed so far
 * @param elapsedSeconds training wall time so far, over all sessions
 * @param bestTop1       best validation top-1 so far (NaN: none)
 * @param bestEpoch      epoch of {@code bestTop1} (-1: none)
 * @param plateau        plateau scheduler state, or null
 * @param earlyStopping  early stopping state, or null
 * @param finished       true once the last epoch is done
 */
public record TrainingState(long seed, int epoch, int batchInEpoch, int iteration, double epochLossSum,
                            long examplesSeen, double elapsedSeconds, double bestTop1, int bestEpoch,
                            PlateauScheduler.State plateau, EarlyStopping.State earlyStopping, boolean finished) {

    /** The state of a run that has not started. */
    public static TrainingState start(long seed, PlateauScheduler.State plateau, EarlyStopping.State early) {
        return new TrainingState(seed, 0, 0, 0, 0, 0, 0, Double.NaN, -1, plateau, early, false);
    }
}
