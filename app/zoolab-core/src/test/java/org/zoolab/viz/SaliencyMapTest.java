package org.zoolab.viz;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SaliencyMapTest {

    /** A linear classifier on 2x4x4 images: softmax(W^T flatten(x) + b), 3 classes, with known weights. */
    static ComputationGraph linear(long seed) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(4, 4, 2))
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build());
        g.init();
        Random r = new Random(seed);
        double[][] w = new double[32][3];
        for (double[] row : w) for (int k = 0; k < 3; k++) row[k] = r.nextGaussian();
        g.getLayer("out").setParam("W", Nd4j.create(w));
        g.getLayer("out").setParam("b", Nd4j.create(new double[][]{{0.1, -0.2, 0.3}}));
        return g;
    }

    /** Known answer: the saliency of a linear model is its weight column for the class, whatever the image. */
    @Test
    void linearModelSaliencyIsItsWeights() {
        ComputationGraph g = linear(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 4, 4);
        INDArray w = g.getLayer("out").getParam("W");
        INDArray scores = x.reshape('c', 1, 32).mmul(w).add(g.getLayer("out").getParam("b"));
        int top = Nd4j.argMax(scores, 1).getInt(0);

        SaliencyMap.Result r = SaliencyMap.compute(g, x);

        assertThat(r.classIndex()).isEqualTo(top);
        assertThat(r.score()).isCloseTo(scores.getDouble(0, top), within(1e-9));
        assertThat(r.gradient().shape()).containsExactly(1, 2, 4, 4);
        for (int c = 0; c < 2; c++) {
            for (int h = 0; h < 4; h++) {
                for (int v = 0; v < 4; v++) {
                    // DL4J flattens [c, h, w] in C order: input (c, h, w) meets weight row c*16 + h*4 + w
                    assertThat(r.gradient().getDouble(0, c, h, v)).isCloseTo(w.getDouble(c * 16 + h * 4 + v, top), within(1e-9));
                }
            }
        }
        // another class: its column
        SaliencyMap.Result other = SaliencyMap.compute(g, x, (top + 1) % 3);
        assertThat(other.gradient().getDouble(0, 1, 2, 3)).isCloseTo(w.getDouble(16 + 8 + 3, (top + 1) % 3), within(1e-9));
        // the heat map: max over channels of |gradient|
        assertThat(r.heat().getDouble(2, 3)).isCloseTo(Math.max(Math.abs(w.getDouble(11, top)), Math.abs(w.getDouble(27, top))), within(1e-6));
    }

    /** Dropout is switched off and a two-layer net's saliency is W1 diag(f'(a)) W2[:, c] (the chain rule by hand). */
    @Test
    void twoLayerNetMatchesTheChainRuleWithDropoutOff() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(5))
                .addLayer("h", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "h")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "drop")
                .setOutputs("out").build());
        g.init();
        INDArray x = Nd4j.create(new double[][]{{0.3, -0.7, 0.2, 0.9, -0.1}});
        SaliencyMap.Result r = SaliencyMap.compute(g, x, 1);
        INDArray w1 = g.getLayer("h").getParam("W"), b1 = g.getLayer("h").getParam("b"), w2 = g.getLayer("out").getParam("W");
        INDArray a = x.mmul(w1).add(b1);
        INDArray dtanh = Nd4j.ones(DataType.DOUBLE, 1, 4).sub(org.nd4j.linalg.ops.transforms.Transforms.tanh(a).mul(org.nd4j.linalg.ops.transforms.Transforms.tanh(a)));
        INDArray expected = w1.mmul(dtanh.transpose().mul(w2.getColumn(1).reshape(4, 1)));   // [5, 1]
        for (int i = 0; i < 5; i++) {
            assertThat(r.gradient().getDouble(0, i)).isCloseTo(expected.getDouble(i, 0), within(1e-9));
        }
    }
}
