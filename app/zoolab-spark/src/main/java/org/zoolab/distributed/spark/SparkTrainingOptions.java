package org.zoolab.distributed.spark;

import org.zoolab.BadInputException;

import java.io.Serializable;

/**
 * How DL4J's Spark training is run.
 *
 * @param batchPerWorker     minibatch size on each executor core; the data's minibatches should have this size
 *                           (export them with the same {@code --batch}): it is how DL4J counts examples per
 *                           averaging round
 * @param averagingFrequency average the workers' parameters after every this many minibatches per worker
 * @param prefetch           minibatches each worker loads ahead (0: none)
 * @param exportDirectory    where DL4J's {@code Export} approach stages minibatch files (a Hadoop path visible to
 *                           every executor; null: the job's temporary directory, fine for local mode)
 * @param seed               seeds how the data is split between workers
 */
public record SparkTrainingOptions(int batchPerWorker, int averagingFrequency, int prefetch, String exportDirectory,
                                   long seed) implements Serializable {
    public SparkTrainingOptions {
        if (batchPerWorker < 1) throw new BadInputException("--batch must be at least 1, got " + batchPerWorker);
        if (averagingFrequency < 1) {
            throw new BadInputException("--averaging-frequency must be at least 1, got " + averagingFrequency);
        }
        if (prefetch < 0) throw new BadInputException("--prefetch must be at least 0, got " + prefetch);
    }

    /** Batch {@code batch} per worker, averaging every 5 minibatches, 2 prefetched, seed 42. */
    public static SparkTrainingOptions defaults(int batch) {
        return new SparkTrainingOptions(batch, 5, 2, null, 42);
    }

    public SparkTrainingOptions withAveragingFrequency(int n) {
        return new SparkTrainingOptions(batchPerWorker, n, prefetch, exportDirectory, seed);
    }

    public SparkTrainingOptions withExportDirectory(String dir) {
        return new SparkTrainingOptions(batchPerWorker, averagingFrequency, prefetch, dir, seed);
    }
}
