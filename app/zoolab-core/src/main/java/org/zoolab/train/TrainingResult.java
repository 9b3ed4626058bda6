package org.zoolab.train;

import java.nio.file.Path;

/**
 * How a call to {@link Trainer#fit()} ended.
 *
 * @param status         finished all epochs, stopped early (validation metric), or interrupted (stop request)
 * @param runDir         the run directory
 * @param epochsDone     complete epochs
 * @param iterations     parameter updates
 * @param seconds        training wall time over all sessions
 * @param lastValidation the last validation result, or null
 * @param model          the file to use: model.zip when finished, else the latest checkpoint
 */
public record TrainingResult(Status status, Path runDir, int epochsDone, int iterations, double seconds,
                             EvaluationResult lastValidation, Path model) {

    /** How the run ended. */
    public enum Status { FINISHED, EARLY_STOPPED, INTERRUPTED }
}
