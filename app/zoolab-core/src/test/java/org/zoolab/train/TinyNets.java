package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Small graphs and synthetic data for training tests (seconds on a CPU). */
final class TinyNets {
    private TinyNets() {
    }

    /** A small conv net with dropout for 1x8x8 inputs and {@code classes} outputs (no updater: the recipe sets it). */
    static ComputationGraphConfiguration convNet(int classes, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new DenseLayer.Builder().nOut(16).activation(Activation.TANH).dropOut(0.5).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .build();
    }

    /**
     * Synthetic images: class c has a bright 4x4 block in quadrant c (plus noise), 1x8x8, labels one-hot.
     * Deterministic in {@code seed}.
     */
    static DataSet quadrants(int n, int classes, long seed) {
        Random r = new Random(seed);
        float[][][][] x = new float[n][1][8][8];
        float[][] y = new float[n][classes];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            for (int h = 0; h < 8; h++) for (int w = 0; w < 8; w++) x[i][0][h][w] = (float) (0.3 * r.nextGaussian());
            int oy = (c / 2) * 4, ox = (c % 2) * 4;
            for (int h = 0; h < 4; h++) for (int w = 0; w < 4; w++) x[i][0][oy + h][ox + w] += 1f;
            y[i][c] = 1f;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /** {@link EpochData} over an in-memory DataSet: epoch e's order is a shuffle seeded by (seed, e). */
    static final class ShuffledData implements EpochData {
        private final DataSet all;
        private final int batch;
        private final long seed;
        /** Epoch and batch index whose features are replaced by NaN (-1: none). */
        int nanEpoch = -1;
        int nanBatch = -1;

        ShuffledData(DataSet all, int batch, long seed) {
            this.all = all;
            this.batch = batch;
            this.seed = seed;
        }

        @Override
        public DataSetIterator epoch(int epoch) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < all.numExamples(); i++) idx.add(i);
            Collections.shuffle(idx, new Random(seed * 31 + epoch));
            List<DataSet> batches = new ArrayList<>();
            for (int s = 0; s < idx.size(); s += batch) {
                int e = Math.min(idx.size(), s + batch);
                List<DataSet> items = new ArrayList<>();
                for (int k = s; k < e; k++) items.add(all.get(idx.get(k)));
                DataSet b = DataSet.merge(items);
                if (epoch == nanEpoch && batches.size() == nanBatch) {
                    b = new DataSet(b.getFeatures().dup().assign(Float.NaN), b.getLabels());
                }
                batches.add(b);
            }
            return new ListDataSetIterator<>(batches, 1);
        }

        @Override
        public long examples() {
            return all.numExamples();
        }

        @Override
        public int batchSize() {
            return batch;
        }
    }

    /** A validation iterator over a DataSet in fixed batches. */
    static DataSetIterator fixed(DataSet ds, int batch) {
        return new ListDataSetIterator<>(ds.asList(), batch);
    }

}
