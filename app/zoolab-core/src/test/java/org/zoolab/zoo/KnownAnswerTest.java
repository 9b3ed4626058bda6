package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * Hand-worked examples from the lectures, run through the DL4J layers the zoo builds on: convolution (the
 * classic 5x5 binary image and 3x3 "X" kernel of the lecture's figure, the UFLDL example), zero padding, max and
 * average pooling, and LRN against the AlexNet paper's formula.
 */
class KnownAnswerTest {
    private static final double[][] IMAGE = {
            {1, 1, 1, 0, 0},
            {0, 1, 1, 1, 0},
            {0, 0, 1, 1, 1},
            {0, 0, 1, 1, 0},
            {0, 1, 1, 0, 0}};
    private static final double[][] KERNEL = {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}};
    private static final double[][] POOL_INPUT = {
            {12, 20, 30, 0},
            {8, 12, 2, 0},
            {34, 70, 37, 4},
            {112, 100, 25, 12}};

    private static ComputationGraph single(Layer layer, int channels, int h, int w) {
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(h, w, channels))
                .addLayer("layer", layer, "in").setOutputs("layer").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray image(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE).reshape(1, 1, rows.length, rows[0].length);
    }

    private static double[][] convolve(int padding) {
        ComputationGraph g = single(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(1).stride(1, 1).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), 1, 5, 5);
        g.getLayer("layer").setParam("W", Nd4j.createFromArray(KERNEL).castTo(DataType.DOUBLE).reshape(1, 1, 3, 3));
        g.getLayer("layer").setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        INDArray out = g.outputSingle(image(IMAGE));
        return out.reshape(out.size(2), out.size(3)).toDoubleMatrix();
    }

    @Test
    void convolutionOfTheLecturesBinaryImage() {
        double[][] out = convolve(0);
        assertThat(out[0][0]).isEqualTo(4.0);
        assertThat(out).isEqualTo(new double[][]{{4, 3, 4}, {2, 4, 3}, {2, 3, 4}});
    }

    @Test
    void zeroPaddingKeepsTheSize() {
        assertThat(convolve(1)).isEqualTo(new double[][]{
                {2, 2, 3, 1, 1},
                {1, 4, 3, 4, 1},
                {1, 2, 4, 3, 3},
                {1, 2, 3, 4, 1},
                {0, 2, 2, 1, 1}});
    }

    private static double[][] pool(PoolingType type) {
        ComputationGraph g = single(new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build(), 1, 4, 4);
        INDArray out = g.outputSingle(image(POOL_INPUT));
        return out.reshape(2, 2).toDoubleMatrix();
    }

    @Test
    void maxPooling2x2Stride2() {
        assertThat(pool(PoolingType.MAX)).isEqualTo(new double[][]{{20, 30}, {112, 37}});
    }

    @Test
    void averagePooling2x2Stride2() {
        assertThat(pool(PoolingType.AVG)).isEqualTo(new double[][]{{13, 8}, {79, 19.5}});
    }

    @Test
    void lrnIsThePapersFormulaWithAlphaNotDividedByN() {
        // 7 channels of one pixel; b_i = a_i / (k + alpha * sum_{|j-i|<=2} a_j^2)^beta, Krizhevsky et al. 3.3
        double k = 2, alpha = 1e-2, beta = 0.75;   // alpha large enough that dividing it by n would show
        double[] a = {1, -2, 3, 0.5, 4, -1, 2};
        ComputationGraph g = single(new LocalResponseNormalization.Builder(k, 5, alpha, beta).build(), a.length, 1, 1);
        INDArray out = g.outputSingle(Nd4j.createFromArray(a).reshape(1, a.length, 1, 1));
        for (int i = 0; i < a.length; i++) {
            double sum = 0;
            for (int j = Math.max(0, i - 2); j <= Math.min(a.length - 1, i + 2); j++) sum += a[j] * a[j];
            double expected = a[i] / Math.pow(k + alpha * sum, beta);
            assertThat(out.getDouble(0, i, 0, 0)).as("channel %d", i).isCloseTo(expected, offset(1e-12));
        }
        // for instance channel 0: 1 / (2 + 0.01 * (1 + 4 + 9))^0.75
        assertThat(out.getDouble(0, 0, 0, 0)).isCloseTo(1 / Math.pow(2.14, 0.75), offset(1e-12));
    }
}
