package org.zoolab.train;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.data.BorderWeightMap;
import org.zoolab.data.CompositeSegmentationSet;
import org.zoolab.data.ElasticDeformation;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.Pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches of a {@link CompositeSegmentationSet} for a U-Net: features {@code [b, 3, S, S]} in [0, 1], labels
 * one-hot maps {@code [b, 2, S, S]} (channel 0 background, 1 object). Epoch {@code e} visits the composites in
 * {@link EpochShuffledIterator#order} of {@code (seed, e)}; a negative seed keeps the stored order (evaluation).
 * <p>
 * Training options ({@link #SegmentationData(CompositeSegmentationSet, int, long, ElasticDeformation, BorderWeightMap)}):
 * an {@link ElasticDeformation} of each composite and its mask, drawn from {@link Pipeline#sampleRandom} of
 * {@code (seed, epoch, composite index)} (so a resumed run sees the same deformations); and a {@link BorderWeightMap}
 * of the (deformed) mask as the labels mask {@code [b, 1, S, S]}, which DL4J's {@code CnnLossLayer} hands to the
 * loss as per-pixel weights (the cross-entropy of each pixel is multiplied by its weight: the U-Net paper's
 * weighted loss). Without either, the batches are the composites as stored, with no labels mask.
 */
public final class SegmentationData implements EpochData {
    private final CompositeSegmentationSet set;
    private final int batchSize;
    private final long seed;
    private final ElasticDeformation elastic;
    private final BorderWeightMap weights;

    /** Plain batches: no deformation, no weight map. */
    public SegmentationData(CompositeSegmentationSet set, int batchSize, long seed) {
        this(set, batchSize, seed, null, null);
    }

    /**
     * @param elastic deformation of every composite, or null (a sigma of 0 is none too)
     * @param weights the weight map to attach as labels mask, or null for none
     */
    public SegmentationData(CompositeSegmentationSet set, int batchSize, long seed, ElasticDeformation elastic, BorderWeightMap weights) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.elastic = elastic == null || elastic.isIdentity() ? null : elastic;
        this.weights = weights;
    }

    @Override
    public DataSetIterator epoch(int epoch) {
        int n = set.count();
        int[] order = seed < 0 ? java.util.stream.IntStream.range(0, n).toArray() : EpochShuffledIterator.order(n, seed, epoch);
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < n; s += batchSize) {
            batches.add(batch(java.util.Arrays.copyOfRange(order, s, Math.min(n, s + batchSize)), epoch));
        }
        return new ListDataSetIterator<>(batches, 1);
    }

    /** The batch of composites {@code indices} as epoch 0 sees it. */
    public DataSet batch(int[] indices) {
        return batch(indices, 0);
    }

    /** The batch of composites {@code indices} in epoch {@code epoch} (which decides the deformations). */
    public DataSet batch(int[] indices, int epoch) {
        int size = set.imageSize(), plane = size * size, b = indices.length;
        float[] x = new float[b * 3 * plane];
        float[] y = new float[b * 2 * plane];
        float[] w = weights == null ? null : new float[b * plane];
        float[] image = new float[3 * plane];
        for (int i = 0; i < b; i++) {
            byte[] px = set.image(indices[i]);
            byte[] m = set.mask(indices[i]);
            for (int k = 0; k < 3 * plane; k++) image[k] = (px[k] & 0xff) / 255f;
            if (elastic != null) {
                ElasticDeformation.Field f = elastic.sample(size, size, Pipeline.sampleRandom(seed, epoch, indices[i]));
                image = f.warpImage(image, 3);
                m = f.warpMask(m);
            }
            System.arraycopy(image, 0, x, i * 3 * plane, 3 * plane);
            for (int p = 0; p < plane; p++) y[i * 2 * plane + (m[p] == 1 ? plane : 0) + p] = 1f;
            if (w != null) System.arraycopy(weights.weights(m, size, size), 0, w, i * plane, plane);
        }
        DataSet ds = new DataSet(Nd4j.create(x, new long[]{b, 3, size, size}), Nd4j.create(y, new long[]{b, 2, size, size}));
        if (w != null) ds.setLabelsMaskArray(Nd4j.create(w, new long[]{b, 1, size, size}));
        return ds;
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
