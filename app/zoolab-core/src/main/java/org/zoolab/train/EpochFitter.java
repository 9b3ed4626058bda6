package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Does the parameter updates of an epoch on several model replicas at once, for
 * {@link Trainer#withEpochFitter(EpochFitter)}. The {@link Trainer} still drives the run (data order, metrics,
 * validation, checkpoints, the NaN guard, stop requests); a fitter only trains on the batches it is given.
 * <p>
 * This package defines the interface and does not implement it: {@code org.zoolab.distributed.DataParallelFitter}
 * does, with DL4J's ParallelWrapper, and the CLI plugs it in for {@code zoolab train --workers N}. That keeps the
 * dependency one way (distributed → train).
 */
public interface EpochFitter extends AutoCloseable {

    /** Replicas trained at once (2 or more). */
    int workers();

    /**
     * Trains {@code graph} on the batches of {@code batches}, in order, spread over the replicas, and returns when
     * they are used up or after {@link #stop()}; then {@code graph} holds the trained weights. {@code steps} is told
     * of every update, from the replicas' threads, one call at a time. When it returns, the batches trained are
     * exactly the first ones of {@code batches}, as many as {@code steps} was told of.
     */
    void fit(ComputationGraph graph, DataSetIterator batches, StepObserver steps);

    /** Asks {@link #fit} to return once the updates in flight are done; safe from any thread, also from {@code steps}. */
    void stop();

    /** Stops the replicas' threads. */
    @Override
    void close();

    /** Told of every update of a {@link #fit}. */
    @FunctionalInterface
    interface StepObserver {
        /**
         * One replica made one update.
         *
         * @param loss           the minibatch's loss
         * @param examples       the minibatch's size
         * @param modelIteration the replica's iteration counter at the update (what DL4J's learning-rate schedules
         *                       saw): it counts rounds, one batch per replica, not batches
         */
        void stepDone(double loss, long examples, int modelIteration);
    }
}
