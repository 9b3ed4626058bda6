package org.zoolab.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One small step of each family's optimiser (its own updater, learning rate set to 1e-3) on a tiny fixed batch of
 * zero-mean inputs lowers the training loss on that batch (same dropout masks before and after): the gradients
 * point downhill. At the papers' learning rates a
 * single step on 4 random images may overshoot (the perceptron rule at rate 1 certainly does), which says nothing
 * about the gradients.
 */
class ZooTrainingStepTest {

    @ParameterizedTest(name = "{0} at {1}x{2}x{3}, {4} classes")
    @CsvSource({
            "perceptron,  1, 28, 28, 10",
            "mlp,         1, 28, 28, 10",
            "lenet5,      1, 32, 32, 10",
            "alexnet,     3, 227, 227, 10",
            "alexnet-owt, 3, 224, 224, 10",
            "vgg-a,       3, 32, 32, 10",
            "vgg-a-bn,    3, 32, 32, 10",
    })
    void oneSgdStepLowersTheLoss(String name, int c, int h, int w, int classes) {
        ComputationGraph net = Zoo.get(name, ModelOptions.builder().input(c, h, w).numClasses(classes).seed(1).build()).init();
        net.setLearningRate(1e-3);
        Nd4j.getRandom().setSeed(3);
        int batch = 4;
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, c, h, w);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % classes, 1f);
        DataSet ds = new DataSet(x, y);
        // training-mode loss (batch-norm batch statistics, dropout) with the same dropout masks each time:
        // the objective the step descends on
        Nd4j.getRandom().setSeed(11);
        double before = net.score(ds, true);
        Nd4j.getRandom().setSeed(11);
        net.fit(ds);
        Nd4j.getRandom().setSeed(11);
        double after = net.score(ds, true);
        assertThat(before).isFinite().isPositive();
        assertThat(after).as(name + ": loss after one step (before: " + before + ")").isLessThan(before);
    }
}
