package org.zoolab.distributed;

import org.zoolab.BadInputException;

/**
 * Settings of a data-parallel run on one machine.
 *
 * @param workers            number of model replicas, each trained by its own thread (2 or more)
 * @param mode               how the replicas are kept together
 * @param averagingFrequency {@link ParallelMode#AVERAGING} only: average after every this many rounds (a round
 *                           is one batch per replica)
 * @param prefetch           batches each replica has prepared ahead (asynchronous loading; 0 turns it off)
 * @param threshold          {@link ParallelMode#SHARING} only: the initial encoding threshold. Each shared element
 *                           of an update moves every replica's weight by exactly this much (the rest waits in a
 *                           residual), so it should be near a typical step's size: about the learning rate for
 *                           Adam, lr times the gradient's scale for SGD. The threshold then adapts.
 */
public record DataParallelOptions(int workers, ParallelMode mode, int averagingFrequency, int prefetch, double threshold) {
    /** The default initial encoding threshold: a typical Adam step (learning rate 1e-3). */
    public static final double DEFAULT_THRESHOLD = 1e-3;

    public DataParallelOptions {
        if (workers < 2) {
            throw new BadInputException("--workers: data-parallel training needs at least 2 workers, got " + workers);
        }
        if (mode == null) {
            throw new BadInputException("--parallel-mode: no mode given; expected sharing or averaging");
        }
        if (averagingFrequency < 1) {
            throw new BadInputException("--averaging-frequency must be at least 1, got " + averagingFrequency);
        }
        if (prefetch < 0) {
            throw new BadInputException("prefetch must be at least 0, got " + prefetch);
        }
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new BadInputException("--threshold must be a positive number, got " + threshold);
        }
    }

    /** {@code workers} replicas sharing gradients (initial threshold 1e-3), 2 batches prefetched per replica. */
    public static DataParallelOptions sharing(int workers) {
        return new DataParallelOptions(workers, ParallelMode.SHARING, 1, 2, DEFAULT_THRESHOLD);
    }

    /** {@code workers} replicas averaged every {@code frequency} rounds. */
    public static DataParallelOptions averaging(int workers, int frequency) {
        return new DataParallelOptions(workers, ParallelMode.AVERAGING, frequency, 2, DEFAULT_THRESHOLD);
    }

    /** These options in {@code mode} (the other fields kept). */
    public DataParallelOptions withMode(ParallelMode m) {
        return new DataParallelOptions(workers, m, averagingFrequency, prefetch, threshold);
    }

    /** These options with another initial encoding threshold. */
    public DataParallelOptions withThreshold(double t) {
        return new DataParallelOptions(workers, mode, averagingFrequency, prefetch, t);
    }
}
