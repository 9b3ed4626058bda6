package org.zoolab.distributed;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.BadInputException;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataParallelTrainerTest {

    /** A small conv net for 1x8x8 inputs and 4 classes, Adam 5e-3. */
    static ComputationGraph convNet(long seed) {
        ComputationGraph g = new ComputationGraph(convNetConf(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(5e-3))));
        g.init();
        return g;
    }

    /** The small conv net's configuration (float, Xavier weights) on top of {@code base} (seed, updater). */
    static ComputationGraphConfiguration convNetConf(NeuralNetConfiguration.Builder base) {
        return base
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .build();
    }

    /** Class c has a bright 4x4 block in quadrant c, plus Gaussian noise (sd 0.5); deterministic in seed. */
    static DataSet quadrants(int n, long seed) {
        Random r = new Random(seed);
        float[][][][] x = new float[n][1][8][8];
        float[][] y = new float[n][4];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(4);
            for (int h = 0; h < 8; h++) for (int w = 0; w < 8; w++) x[i][0][h][w] = (float) (0.5 * r.nextGaussian());
            int oy = (c / 2) * 4, ox = (c % 2) * 4;
            for (int h = 0; h < 4; h++) for (int w = 0; w < 4; w++) x[i][0][oy + h][ox + w] += 1f;
            y[i][c] = 1f;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    static double accuracy(ComputationGraph g, DataSet test) {
        Evaluation e = new Evaluation(4);
        e.eval(test.getLabels(), g.outputSingle(test.getFeatures()));
        return e.accuracy();
    }

    @ParameterizedTest
    @EnumSource(ParallelMode.class)
    void twoWorkersLearnAndTheResultSavesLoadsAndEvaluates(ParallelMode mode, @TempDir Path tmp) throws Exception {
        DataSet train = quadrants(1024, 1);
        DataSet test = quadrants(256, 2);
        ComputationGraph net = convNet(7);
        double lossBefore = net.score(test);
        double accBefore = accuracy(net, test);

        DataParallelOptions options = new DataParallelOptions(2, mode, 2, 2, 1e-3);
        DataParallelTrainer.EpochStats first;
        DataParallelTrainer.EpochStats last;
        try (DataParallelTrainer parallel = new DataParallelTrainer(net, options)) {
            first = parallel.fitEpoch(new ListDataSetIterator<>(train.asList(), 16));
            parallel.fitEpoch(new ListDataSetIterator<>(train.asList(), 16));
            last = parallel.fitEpoch(new ListDataSetIterator<>(train.asList(), 16));
            assertThat(parallel.graph()).isSameAs(net);
        }
        // 1024 examples in batches of 16: 64 steps an epoch, shared between the two replicas
        assertThat(first.steps()).isEqualTo(64);
        assertThat(first.examples()).isEqualTo(1024);
        assertThat(first.diverged()).isFalse();
        assertThat(last.meanLoss()).isLessThan(first.meanLoss());

        double lossAfter = net.score(test);
        double accAfter = accuracy(net, test);
        assertThat(lossBefore).isGreaterThan(1.2);             // about ln 4 = 1.39 untrained
        assertThat(lossAfter).isLessThan(0.35 * lossBefore);
        assertThat(accBefore).isLessThan(0.5);
        assertThat(accAfter).isGreaterThan(0.95);

        File saved = tmp.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, saved, true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(saved, true);
        assertThat(loaded.params()).isEqualTo(net.params());
        assertThat(accuracy(loaded, test)).isEqualTo(accAfter);
    }

    @Test
    void theGraphGetsItsOwnListenersBack() {
        ComputationGraph net = convNet(7);
        ScoreIterationListener mine = new ScoreIterationListener(1000);
        net.setListeners(mine);
        try (DataParallelTrainer parallel = new DataParallelTrainer(net, DataParallelOptions.sharing(2))) {
            assertThat(net.getListeners()).isEmpty();     // moved onto the replicas while training
            parallel.fitEpoch(new ListDataSetIterator<>(quadrants(64, 3).asList(), 16));
        }
        assertThat(net.getListeners()).containsExactly(mine);
    }

    @Test
    void aClosedTrainerRefusesToTrain() {
        DataParallelTrainer parallel = new DataParallelTrainer(convNet(7), DataParallelOptions.averaging(2, 1));
        parallel.close();
        assertThatThrownBy(() -> parallel.fitEpoch(new ListDataSetIterator<>(quadrants(16, 3).asList(), 8)))
                .isInstanceOf(IllegalStateException.class).hasMessage("DataParallelTrainer is closed");
    }

    @Test
    void optionsNameTheBadValue() {
        assertThatThrownBy(() -> DataParallelOptions.sharing(1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--workers: data-parallel training needs at least 2 workers, got 1");
        assertThatThrownBy(() -> DataParallelOptions.averaging(2, 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--averaging-frequency must be at least 1, got 0");
        assertThatThrownBy(() -> ParallelMode.parse("allreduce", "--parallel-mode"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--parallel-mode: unknown parallel mode 'allreduce'; expected one of sharing, averaging");
        assertThatThrownBy(() -> DataParallelOptions.sharing(2).withThreshold(0))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--threshold must be a positive number, got 0.0");
        assertThat(ParallelMode.parse(" Averaging ", "x")).isEqualTo(ParallelMode.AVERAGING);
        assertThat(ParallelMode.parse("sharing", "x")).isEqualTo(ParallelMode.SHARING);
    }
}
