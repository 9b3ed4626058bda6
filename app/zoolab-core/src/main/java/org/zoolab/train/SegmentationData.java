package org.zoolab.train;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.data.CompositeSegmentationSet;
import org.zoolab.data.EpochShuffledIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches of a {@link CompositeSegmentationSet} for a U-Net: features {@code [b, 3, S, S]} in [0, 1], labels
 * one-hot maps {@code [b, 2, S, S]} (channel 0 background, 1 object). Epoch {@code e} visits the composites in
 * {@link EpochShuffledIterator#order} of {@code (seed, e)}; a negative seed keeps the stored order (evaluation).
 * Batches are built when the epoch's iterator is asked for them, so memory holds bytes, not floats.
 */
public final class SegmentationData implements EpochData {
    private final CompositeSegmentationSet set;
    private final int batchSize;
    private final long seed;

    public SegmentationData(CompositeSegmentationSet set, int batchSize, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public DataSetIterator epoch(int epoch) {
        int n = set.count();
        int[] order = seed < 0 ? java.util.stream.IntStream.range(0, n).toArray() : EpochShuffledIterator.order(n, seed, epoch);
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            batches.add(batch(java.util.Arrays.copyOfRange(order, s, Math.min(n, s + batchSize))));
        }
        return new ListDataSetIterator<>(batches, 1);
    }

    /** The batch of composites {@code indices}. */
    public DataSet batch(int[] indices) {
        int size = set.imageSize(), plane = size * size, b = indices.length;
        float[] x = new float[b * 3 * plane];
        float[] y = new float[b * 2 * plane];
        for (int i = 0; i < b; i++) {
            byte[] px = set.image(indices[i]);
            byte[] m = set.mask(indices[i]);
            for (int k = 0; k < 3 * plane; k++) x[i * 3 * plane + k] = (px[k] & 0xff) / 255f;
            for (int p = 0; p < plane; p++) y[i * 2 * plane + (m[p] == 1 ? plane : 0) + p] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[]{b, 3, size, size}), Nd4j.create(y, new long[]{b, 2, size, size}));
    }

    @Override
    public long examples() {
        return set.count();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }
}
