package org.zoolab.distributed;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.train.EpochFitter;
import org.zoolab.train.Experiment;

/**
 * The {@link EpochFitter} behind {@code zoolab train --workers N}: a {@link DataParallelTrainer} (DL4J's
 * ParallelWrapper) plugged into the {@link org.zoolab.train.Trainer}, which keeps the run's files, validation,
 * checkpoints and NaN guard.
 * <pre>{@code
 * try (DataParallelFitter f = DataParallelFitter.of(experiment.parallel())) {
 *     trainer.withEpochFitter(f).fit();
 * }
 * }</pre>
 */
public final class DataParallelFitter implements EpochFitter {
    private final DataParallelOptions options;
    private DataParallelTrainer trainer;

    public DataParallelFitter(DataParallelOptions options) {
        if (options == null) throw new IllegalArgumentException("options is null");
        this.options = options;
    }

    /** The fitter for an experiment's {@code parallel} settings (2 batches prefetched per replica). */
    public static DataParallelFitter of(Experiment.Parallel p) {
        if (p == null) throw new IllegalArgumentException("no parallel settings");
        return new DataParallelFitter(new DataParallelOptions(p.workers(), ParallelMode.parse(p.mode(), "parallel.mode"),
                p.averagingFrequency(), 2, p.threshold()));
    }

    public DataParallelOptions options() {
        return options;
    }

    @Override
    public int workers() {
        return options.workers();
    }

    @Override
    public void fit(ComputationGraph graph, DataSetIterator batches, StepObserver steps) {
        synchronized (this) {
            if (trainer == null || trainer.graph() != graph) {
                if (trainer != null) trainer.close();
                trainer = new DataParallelTrainer(graph, options);
            }
        }
        trainer.fitEpoch(batches, steps);
    }

    @Override
    public synchronized void stop() {
        if (trainer != null) trainer.stop();
    }

    @Override
    public synchronized void close() {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
