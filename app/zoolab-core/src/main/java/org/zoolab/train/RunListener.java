package org.zoolab.train;

import java.nio.file.Path;

/**
 * Watches a training run. The CLI renders these events as a progress bar or plain lines, the live view ({@code org.zoolab.viz.LiveView}) serves
 * them to a browser; the library itself depends on neither. Callbacks run on the training thread: keep them
 * quick. With several workers ({@link Trainer#withEpochFitter}), {@link #step} runs on the replicas' threads,
 * one call at a time.
 */
public interface RunListener {

    /**
     * The run starts or resumes.
     *
     * @param runDir          the run directory
     * @param epochs          total epochs
     * @param batchesPerEpoch batches in one epoch
     * @param epoch           0-based epoch it starts in
     * @param batchInEpoch    batches of that epoch already done (resume)
     * @param resumed         true when continuing from a checkpoint
     */
    record Start(Path runDir, int epochs, long batchesPerEpoch, int epoch, int batchInEpoch, boolean resumed) {
    }

    /**
     * One parameter update.
     *
     * @param epoch           1-based epoch
     * @param batchInEpoch    batches of this epoch done, including this one
     * @param iteration       updates so far, including this one
     * @param loss            this minibatch's loss
     * @param lr              learning rate used
     * @param imagesPerSecond throughput over the recent steps
     */
    record Step(int epoch, long batchInEpoch, int iteration, double loss, double lr, double imagesPerSecond) {
    }

    /**
     * End of an epoch, after validation.
     *
     * @param epoch      1-based epoch
     * @param trainLoss  mean minibatch loss of the epoch
     * @param validation validation results, or null without a validation set
     * @param lr         learning rate for the next epoch
     * @param seconds    training wall time so far
     */
    record Epoch(int epoch, double trainLoss, EvaluationResult validation, double lr, double seconds) {
    }

    default void started(Start start) {
    }

    default void step(Step step) {
    }

    default void epochEnded(Epoch epoch) {
    }

    /** A notable event in words (checkpoint written, learning rate cut, early stop). */
    default void note(String message) {
    }

    default void finished(TrainingResult result) {
    }
}
