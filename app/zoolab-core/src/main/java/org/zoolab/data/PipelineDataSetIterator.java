package org.zoolab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A pipeline as a DL4J {@link DataSetIterator}: features NCHW float32, labels one-hot {@code [N, classes]}
 * (segmentation: one-hot masks {@code [N, classes, H, W]}). {@link #reset()} starts the next epoch (new
 * order, new random crops) with the same seed sequence, so two iterators with the same seed give the same
 * batches. It prefetches by itself ({@link PrefetchIterator}), so it tells DL4J not to wrap it in another
 * asynchronous iterator.
 */
public final class PipelineDataSetIterator implements DataSetIterator {
    private final Pipeline pipeline;
    private final long seed;
    private final BadFileReport report;
    private final int batchSize;
    private int epoch;
    private PrefetchIterator current;
    private DataSetPreProcessor preProcessor;

    /** Starts at epoch 0 with the pipeline's batch size. */
    public PipelineDataSetIterator(Pipeline pipeline, long seed, BadFileReport report) {
        this(pipeline, seed, report, 0, pipeline.spec().batchSize());
    }

    /**
     * Starts at epoch {@code firstEpoch} (its order and crops are those of that epoch whatever came before:
     * a resumed run gets the same batches), with {@code batchSize} examples per batch. Decoding starts at the
     * first {@link #hasNext()} or {@link #next()}.
     */
    public PipelineDataSetIterator(Pipeline pipeline, long seed, BadFileReport report, int firstEpoch, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.pipeline = pipeline;
        this.seed = seed;
        this.report = report;
        this.epoch = firstEpoch;
        this.batchSize = batchSize;
    }

    private PrefetchIterator current() {
        if (current == null) {
            PipelineSpec s = pipeline.spec();
            current = pipeline.batches(seed, epoch, report, batchSize, s.decodeThreads(), s.prefetch());
        }
        return current;
    }

    /** The epoch being iterated, from 0. */
    public int epoch() {
        return epoch;
    }

    public BadFileReport report() {
        return report;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public boolean hasNext() {
        return current().hasNext();
    }

    @Override
    public DataSet next() {
        DataSet ds = toDataSet(current().next(), pipeline.numClasses());
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Converts a batch: features NCHW, labels one-hot. */
    public static DataSet toDataSet(Batch b, int numClasses) {
        INDArray features = Nd4j.create(b.features(), b.shape(), 'c');
        INDArray labels;
        if (b.masks() != null) {
            int hw = b.height() * b.width();
            float[] oneHot = new float[b.examples() * numClasses * hw];
            for (int i = 0; i < b.examples(); i++) {
                for (int p = 0; p < hw; p++) {
                    int k = (int) b.masks()[i * hw + p];
                    oneHot[(i * numClasses + k) * hw + p] = 1f;
                }
            }
            labels = Nd4j.create(oneHot, new long[]{b.examples(), numClasses, b.height(), b.width()}, 'c');
        } else {
            float[] oneHot = new float[b.examples() * numClasses];
            for (int i = 0; i < b.examples(); i++) {
                oneHot[i * numClasses + b.labels()[i]] = 1f;
            }
            labels = Nd4j.create(oneHot, new long[]{b.examples(), numClasses}, 'c');
        }
        return new DataSet(features, labels);
    }

    /**
     * Averages the softmax outputs of the views of each image (ten-crop evaluation): {@code [n * views, classes]}
     * to {@code [n, classes]}.
     */
    public static INDArray averageViews(INDArray probabilities, int views) {
        long rows = probabilities.size(0);
        long classes = probabilities.size(1);
        return probabilities.reshape('c', rows / views, views, classes).mean(1);
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is fixed by the pipeline (" + batch() + ")");
    }

    @Override
    public int inputColumns() {
        int[] hw = pipeline.outputSize();
        return pipeline.channels() * hw[0] * hw[1];
    }

    @Override
    public int totalOutcomes() {
        return pipeline.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch. */
    @Override
    public void reset() {
        if (current != null) {
            current.close();
            current = null;
            epoch++;
        }
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
        return pipeline.source().classNames();
    }

    /** Stops the decode threads. */
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
