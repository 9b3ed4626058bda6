package org.zoolab.train;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a run stands, stored as JSON ({@value ModelFile#STATE_ENTRY}) inside every checkpoint next to the
 * weights and updater state. With it a resumed run continues exactly: same epoch and batch, same data order
 * (a function of the data seed and the epoch), same random numbers (re-seeded from {@code seed} and the
 * iteration before every step), same learning-rate schedule position. The {@code with...} and {@code after...}
 * methods give the state one change later; the record itself never changes.
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
 * @param warmup         the recipe's warm-up state, or null (no warm-up; also checkpoints written before warm-ups)
 */
public record TrainingState(long seed, int epoch, int batchInEpoch, int iteration, double epochLossSum,
                            long examplesSeen, double elapsedSeconds, double bestTop1, int bestEpoch,
                            PlateauScheduler.State plateau, EarlyStopping.State earlyStopping, boolean finished,
                            Warmup.State warmup) {

    /** The state of a run that has not started. */
    public static TrainingState start(long seed, PlateauScheduler.State plateau, EarlyStopping.State early,
                                      Warmup.State warmup) {
        return new TrainingState(seed, 0, 0, 0, 0, 0, 0, Double.NaN, -1, plateau, early, false, warmup);
    }

    /** After one more training step in {@code epoch}: one more batch and update, its loss and examples counted. */
    public TrainingState afterStep(int epoch, double loss, long examples) {
        return new TrainingState(seed, epoch, batchInEpoch + 1, iteration + 1, epochLossSum + loss,
                examplesSeen + examples, elapsedSeconds, bestTop1, bestEpoch, plateau, earlyStopping, false, warmup);
    }

    /**
     * At the start of the next epoch after {@code epoch} ended with {@code iteration} updates in all: no batch of it
     * trained, no loss summed; {@code finished} when it was the last.
     */
    public TrainingState afterEpoch(int epoch, int iteration, boolean finished) {
        return new TrainingState(seed, epoch + 1, 0, iteration, 0, examplesSeen, elapsedSeconds, bestTop1, bestEpoch,
                plateau, earlyStopping, finished, warmup);
    }

    public TrainingState withElapsedSeconds(double seconds) {
        return new TrainingState(seed, epoch, batchInEpoch, iteration, epochLossSum, examplesSeen, seconds, bestTop1,
                bestEpoch, plateau, earlyStopping, finished, warmup);
    }

    /** A new best validation top-1, reached in the 1-based {@code epoch}. */
    public TrainingState withBest(double top1, int epoch) {
        return new TrainingState(seed, this.epoch, batchInEpoch, iteration, epochLossSum, examplesSeen, elapsedSeconds,
                top1, epoch, plateau, earlyStopping, finished, warmup);
    }

    public TrainingState withPlateau(PlateauScheduler.State p) {
        return new TrainingState(seed, epoch, batchInEpoch, iteration, epochLossSum, examplesSeen, elapsedSeconds,
                bestTop1, bestEpoch, p, earlyStopping, finished, warmup);
    }

    public TrainingState withEarlyStopping(EarlyStopping.State e) {
        return new TrainingState(seed, epoch, batchInEpoch, iteration, epochLossSum, examplesSeen, elapsedSeconds,
                bestTop1, bestEpoch, plateau, e, finished, warmup);
    }

    public TrainingState withWarmup(Warmup.State w) {
        return new TrainingState(seed, epoch, batchInEpoch, iteration, epochLossSum, examplesSeen, elapsedSeconds,
                bestTop1, bestEpoch, plateau, earlyStopping, finished, w);
    }

    /** True while a warm-up is in progress. */
    @JsonIgnore
    public boolean warmingUp() {
        return warmup != null && !warmup.done();
    }
}
