package org.zoolab.train;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@link EpochData} over examples held in memory: epoch {@code e} visits them in a Fisher-Yates shuffle seeded
 * by {@code (seed, e)}, in batches of {@code batchSize} (the last may be smaller).
 */
public final class InMemoryData implements EpochData {
    private final DataSet all;
    private final int batchSize;
    private final long seed;

    public InMemoryData(DataSet all, int batchSize, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        this.all = all;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public DataSetIterator epoch(int epoch) {
        int n = all.numExamples();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random r = new Random(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            int e = Math.min(n, s + batchSize);
            INDArray idx = Nd4j.createFromArray(java.util.Arrays.copyOfRange(order, s, e));
            batches.add(new DataSet(Nd4j.pullRows(all.getFeatures().reshape(n, -1), 1, toInts(idx)).reshape(shapeFor(e - s)),
                    Nd4j.pullRows(all.getLabels(), 1, toInts(idx))));
        }
        return new ListDataSetIterator<>(batches, 1);
    }

    private long[] shapeFor(int rows) {
        long[] shape = all.getFeatures().shape().clone();
        shape[0] = rows;
        return shape;
    }

    private static int[] toInts(INDArray idx) {
        return idx.toIntVector();
    }

    @Override
    public long examples() {
        return all.numExamples();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
