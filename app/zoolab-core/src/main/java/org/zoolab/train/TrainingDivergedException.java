package org.zoolab.train;

/** The loss became NaN or infinite; the run stopped and its last good checkpoint is kept. */
public class TrainingDivergedException extends RuntimeException {
    private final int iteration;

    public TrainingDivergedException(String message, int iteration) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration whose loss was not finite. */
    public int iteration() {
        return iteration;
    }
}
