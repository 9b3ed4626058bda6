package org.zoolab.generative;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.assertj.core.api.Assertions.assertThat;

class ExternalLossGraphTest {

    /** y = W x + b, 3 inputs to 2 outputs, plain SGD with learning rate 0.5. */
    private static ExternalLossGraph linear() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.5)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(3))
                .addLayer("y", new DenseLayer.Builder().nOut(2).activation(Activation.IDENTITY).build(), "x")
                .setOutputs("y").build();
        ExternalLossGraph g = new ExternalLossGraph(conf);
        g.init();
        return g;
    }

    @Test
    void stepAppliesTheMeanLossGradientOnceWithoutDividingByTheBatchAgain() {
        ExternalLossGraph g = linear();
        INDArray x = Nd4j.create(new double[][]{{1, 2, 3}, {-1, 0, 2}, {0.5, -2, 1}, {2, 1, 0}});
        INDArray before = g.params().dup();
        g.forwardTrain(x);
        // loss = mean over the 4 rows of sum(y): dL/dy = 1/4 everywhere
        INDArray dy = Nd4j.valueArrayOf(new long[]{4, 2}, 0.25, DataType.DOUBLE);
        INDArray dx = g.backward(dy)[0];
        g.step();
        // dL/dW[i][j] = mean over rows of x[i]; dL/db = 1; SGD: params -= 0.5 * gradient, exactly once
        double[] meanX = {(1 - 1 + 0.5 + 2) / 4.0, (2 + 0 - 2 + 1) / 4.0, (3 + 2 + 1 + 0) / 4.0};
        INDArray w0 = before.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6)).reshape('f', 3, 2);
        INDArray w1 = g.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6)).reshape('f', 3, 2);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(w1.getDouble(i, j)).isCloseTo(w0.getDouble(i, j) - 0.5 * meanX[i], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        assertThat(g.params().getDouble(6)).isCloseTo(before.getDouble(6) - 0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.params().getDouble(7)).isCloseTo(before.getDouble(7) - 0.5, org.assertj.core.data.Offset.offset(1e-12));
        // the input gradient of the same pass: dL/dx = 1/4 * (W row sums)
        assertThat(dx.getDouble(0, 0)).isCloseTo(0.25 * (w0.getDouble(0, 0) + w0.getDouble(0, 1)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.getIterationCount()).isEqualTo(1);
    }
}
