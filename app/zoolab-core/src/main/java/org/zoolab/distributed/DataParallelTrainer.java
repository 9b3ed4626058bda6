package org.zoolab.distributed;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;
import org.zoolab.train.EpochFitter;

import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training on one machine: {@link DataParallelOptions#workers()} replicas of a
 * {@link ComputationGraph}, each fed its own batches by DL4J's {@link ParallelWrapper}, kept together by
 * gradient sharing or parameter averaging ({@link ParallelMode}). Replica 0 is {@code graph} itself, so after
 * {@link #fitEpoch} the caller's graph holds the trained weights (and can be saved, evaluated, trained further).
 *
 * <pre>{@code
 * ComputationGraph net = Zoo.get("lenet5").init();
 * try (DataParallelTrainer parallel = new DataParallelTrainer(net, DataParallelOptions.sharing(2))) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         DataParallelTrainer.EpochStats s = parallel.fitEpoch(trainIterator);
 *     }
 * }
 * }</pre>
 * <p>
 * Not bit-reproducible: which replica takes which batch depends on thread timing. An effective batch is
 * {@code workers} times the iterator's batch (each replica takes one batch per round); the learning rate is not
 * rescaled. The graph's own listeners are run on every replica while training (they must be thread-safe) and
 * handed back by {@link #close()}.
 */
public final class DataParallelTrainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataParallelTrainer.class);

    /**
     * What one epoch did.
     *
     * @param steps          optimisation steps over all replicas (one per batch)
     * @param examples       examples seen over all replicas
     * @param meanLoss       mean over the steps of each step's minibatch loss (NaN if no step ran)
     * @param seconds        wall time of the epoch
     * @param nonFiniteSteps steps whose loss was NaN or infinite; training stops at the first one
     */
    public record EpochStats(long steps, long examples, double meanLoss, double seconds, long nonFiniteSteps) {
        /** Whether a step's loss was NaN or infinite (the epoch was cut short there). */
        public boolean diverged() {
            return nonFiniteSteps > 0;
        }
    }

    /**
     * Sharing mode: the threshold adapts so that between 0.01% and 10% of the update's elements are sent each
     * step. DL4J's default upper bound (1%) starves small networks: each element sent moves by exactly one
     * threshold, so a model of 10^4 to 10^5 parameters would learn several times slower than on one worker.
     */
    static final double MIN_SPARSITY = 1e-4;
    static final double MAX_SPARSITY = 1e-1;

    private final ComputationGraph graph;
    private final DataParallelOptions options;
    private final List<TrainingListener> ownListeners;
    private final StepTally tally = new StepTally();
    private final ParallelWrapper wrapper;
    private boolean closed;

    /** Replicates {@code graph} (initialised if it was not) for data-parallel training. */
    public DataParallelTrainer(ComputationGraph graph, DataParallelOptions options) {
        if (graph == null) throw new IllegalArgumentException("graph is null");
        if (options == null) throw new IllegalArgumentException("options is null");
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new BadInputException("--workers: data-parallel training takes graphs with one input and one output; "
                    + "this one has " + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
        }
        graph.init();
        this.graph = graph;
        this.options = options;
        this.ownListeners = new ArrayList<>(graph.getListeners() == null ? List.of() : graph.getListeners());
        List<TrainingListener> all = new ArrayList<>(ownListeners);
        all.add(tally);
        graph.setListeners(all);
        // the builder moves the graph's listeners onto the replicas and clears them from the graph
        this.wrapper = new ParallelWrapper.Builder<>(graph)
                .workers(options.workers())
                .trainingMode(options.mode().trainingMode())
                .averagingFrequency(options.averagingFrequency())
                .averageUpdaters(true)
                .prefetchBuffer(options.prefetch())
                .reportScoreAfterAveraging(false)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(options.threshold(), MIN_SPARSITY, MAX_SPARSITY,
                        AdaptiveThresholdAlgorithm.DEFAULT_DECAY_RATE))
                .build();
        log.info("data-parallel training: {} workers, {} mode{}", options.workers(), options.mode(),
                options.mode() == ParallelMode.AVERAGING ? ", averaging every " + options.averagingFrequency() + " rounds" : "");
    }

    /** The trained network (replica 0). */
    public ComputationGraph graph() {
        return graph;
    }

    public DataParallelOptions options() {
        return options;
    }

    /**
     * Trains on every batch of {@code data} once (reset first if it is exhausted), spread over the replicas, and
     * returns when all replicas have finished. Stops early at the first non-finite loss.
     */
    public EpochStats fitEpoch(DataSetIterator data) {
        return fitEpoch(data, null);
    }

    /**
     * {@link #fitEpoch(DataSetIterator)}, telling {@code steps} (may be null) of every update, from the replicas'
     * threads, one call at a time. An exception thrown by {@code steps} stops the epoch and is rethrown here.
     */
    public EpochStats fitEpoch(DataSetIterator data, EpochFitter.StepObserver steps) {
        if (closed) throw new IllegalStateException("DataParallelTrainer is closed");
        tally.reset(wrapper, steps);
        long start = System.nanoTime();
        wrapper.fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        RuntimeException failure = tally.failure();
        if (failure != null) throw failure;
        return tally.stats(seconds);
    }

    /**
     * Asks a running {@link #fitEpoch} to return once the round in flight is done (every batch taken from the
     * iterator is trained); safe from any thread.
     */
    public void stop() {
        wrapper.stopFit();
    }

    /** Stops the replica threads and gives the graph its own listeners back. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        wrapper.shutdown();
        graph.setListeners(ownListeners);
    }

    /** Loss and example counts from every replica's steps (called from the replica threads). */
    private static final class StepTally extends BaseTrainingListener {
        private long steps;
        private long examples;
        private double lossSum;
        private long nonFinite;
        private ParallelWrapper wrapper;
        private EpochFitter.StepObserver observer;
        private RuntimeException failure;

        synchronized void reset(ParallelWrapper w, EpochFitter.StepObserver o) {
            steps = 0;
            examples = 0;
            lossSum = 0;
            nonFinite = 0;
            wrapper = w;
            observer = o;
            failure = null;
        }

        synchronized RuntimeException failure() {
            return failure;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            double loss = model.score();
            long n = model.batchSize();
            boolean stop;
            synchronized (this) {
                if (observer != null && failure == null) {
                    try {
                        observer.stepDone(loss, n, iteration);
                    } catch (RuntimeException e) {
                        failure = e;
                        wrapper.stopFit();
                    }
                }
                steps++;
                examples += n;
                if (Double.isFinite(loss)) {
                    lossSum += loss;
                } else {
                    nonFinite++;
                }
                stop = nonFinite == 1 && !Double.isFinite(loss);
            }
            if (stop) {
                log.warn("loss became {} on a replica; stopping the epoch", loss);
                wrapper.stopFit();
            }
        }

        synchronized EpochStats stats(double seconds) {
            long finite = steps - nonFinite;
            return new EpochStats(steps, examples, finite == 0 ? Double.NaN : lossSum / finite, seconds, nonFinite);
        }
    }
}
