package org.zoolab.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A {@link DataSetIterator} over {@link LabelledImages} whose order in epoch {@code e} is a pure function of
 * {@code (seed, e)}: the permutation is a Fisher-Yates shuffle (the one {@link java.util.Collections#shuffle} does:
 * for {@code i} from {@code n-1} down to 1, swap {@code i} with {@code nextInt(i+1)}) driven by
 * {@code new Random(seed * 1_000_003L + e)}; a negative seed means no shuffle (file order every epoch).
 * {@link #reset()} starts the next epoch; {@link #setEpoch} jumps to the start of any epoch, so a resumed run sees
 * exactly the batches it would have seen. Features are NCHW float32 scaled to [0, 1] ({@code pixel / 255}), with
 * {@code pad} zero pixels on each side; labels are one-hot float32. The last batch of an epoch may be smaller.
 */
public final class EpochShuffledIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient LabelledImages data;
    private final int batchSize;
    private final long seed;
    private final int pad;
    private int epoch;
    private int cursor;
    private int[] order;
    private DataSetPreProcessor preProcessor;

    /**
     * @param batchSize examples per batch, at least 1
     * @param seed      shuffle seed; negative for file order
     * @param pad       zero pixels added on each side of every image (0 or more)
     */
    public EpochShuffledIterator(LabelledImages data, int batchSize, long seed, int pad) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ": expected at least 1");
        }
        if (pad < 0) {
            throw new IllegalArgumentException("pad " + pad + ": expected 0 or more");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.pad = pad;
    }

    /** The example order of epoch {@code epoch} for {@code n} examples: a pure function of its arguments. */
    public static int[] order(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (seed >= 0) {
            Random random = new Random(seed * 1_000_003L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Jumps to the start of epoch {@code e} (0-based). */
    public void setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch " + e + ": expected 0 or more");
        }
        epoch = e;
        cursor = 0;
        order = null;
    }

    /** The current epoch, 0 for a new iterator. */
    public int epoch() {
        return epoch;
    }

    /** A copy of the current epoch's example order. */
    public int[] epochOrder() {
        return currentOrder().clone();
    }

    /** Examples per epoch. */
    public int numExamples() {
        return data.size();
    }

    /** Batches per epoch, the last one possibly partial. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Image height after padding. */
    public int height() {
        return data.height() + 2 * pad;
    }

    /** Image width after padding. */
    public int width() {
        return data.width() + 2 * pad;
    }

    /** Channels per image. */
    public int channels() {
        return data.channels();
    }

    private int[] currentOrder() {
        if (order == null) {
            order = order(data.size(), seed, epoch);
        }
        return order;
    }

    @Override
    public boolean hasNext() {
        return cursor < data.size();
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished: call reset() for the next one");
        }
        int[] ord = currentOrder();
        int k = Math.min(num, data.size() - cursor);
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int oh = h + 2 * pad;
        int ow = w + 2 * pad;
        int classes = data.numClasses();
        float[] features = new float[k * c * oh * ow];
        float[] labels = new float[k * classes];
        for (int b = 0; b < k; b++) {
            int idx = ord[cursor + b];
            byte[] px = data.pixels(idx);
            int base = b * c * oh * ow;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int src = (ch * h + y) * w;
                    int dst = base + (ch * oh + y + pad) * ow + pad;
                    for (int x = 0; x < w; x++) {
                        features[dst + x] = (px[src + x] & 0xff) / 255f;
                    }
                }
            }
            labels[b * classes + data.label(idx)] = 1f;
        }
        cursor += k;
        INDArray f = Nd4j.create(features, new long[]{k, c, oh, ow}, DataType.FLOAT);
        INDArray l = Nd4j.create(labels, new long[]{k, classes}, DataType.FLOAT);
        DataSet ds = new DataSet(f, l);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return data.channels() * height() * width();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (epoch + 1, from its first batch). */
    @Override
    public void reset() {
        setEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return data.classNames();
    }
}
