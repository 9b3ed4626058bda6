package org.zoolab.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Training data whose order is a pure function of the epoch: {@code epoch(e)} gives the same batches in the
 * same order every time it is asked, in this process or after a restart. This is what makes resume exact.
 */
public interface EpochData {

    /** A fresh iterator over epoch {@code epoch}'s batches, in that epoch's order. */
    DataSetIterator epoch(int epoch);

    /** Number of examples in one epoch. */
    long examples();

    /** Minibatch size. */
    int batchSize();

    /** Batches per epoch. */
    default long batchesPerEpoch() {
        return (examples() + batchSize() - 1) / batchSize();
    }
}
