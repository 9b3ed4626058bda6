package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The zoo trains with the papers' classical momentum ({@code v <- mu v - lr g; w <- w + v}), not Nesterov's. */
class ClassicalMomentumTest {

    @Test
    void twoUpdatesFollowTheClassicalFormulaNotNesterovs() {
        double lr = 0.1, mu = 0.9;
        double[] g1 = {1.0, -2.0}, g2 = {0.5, 0.5};
        GradientUpdater<?> classical = new ClassicalMomentum(lr, mu).instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2), true);
        GradientUpdater<?> nesterov = new Nesterovs(lr, mu).instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2), true);
        INDArray c1 = Nd4j.createFromArray(new double[][]{g1});
        INDArray n1 = c1.dup();
        classical.applyUpdater(c1, 0, 0);
        nesterov.applyUpdater(n1, 0, 0);
        // the returned array is subtracted from the weights: classical step 1 is lr g = (0.1, -0.2);
        // Nesterov's first step is (1 + mu) lr g = (0.19, -0.38)
        assertThat(c1.toDoubleVector()).containsExactly(new double[]{0.1, -0.2}, within(1e-15));
        assertThat(n1.toDoubleVector()).containsExactly(new double[]{0.19, -0.38}, within(1e-12));
        INDArray c2 = Nd4j.createFromArray(new double[][]{g2});
        classical.applyUpdater(c2, 1, 0);
        // step 2: v = mu v + lr g = 0.9 * 0.1 + 0.05 = 0.14 and 0.9 * -0.2 + 0.05 = -0.13
        assertThat(c2.toDoubleVector()).containsExactly(new double[]{0.14, -0.13}, within(1e-15));
    }

    @Test
    void paperSgdGivesEveryZooLayerClassicalMomentum() {
        ComputationGraphConfiguration conf = Zoo.get("resnet-20").configuration();
        java.util.List<org.nd4j.linalg.learning.config.IUpdater> updaters = conf.getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer)
                .map(v -> ((BaseLayer) ((LayerVertex) v).getLayerConf().getLayer()).getIUpdater())
                .toList();
        assertThat(updaters).hasSize(2 + 9 * 4 + 1) // conv1 + its BN, 9 blocks of 2 convs + 2 BNs, fc
                .containsOnly(new ClassicalMomentum(0.1, 0.9));
    }

    @Test
    void oneTrainingStepOfAPaperSgdNetworkMovesTheWeightsByLrTimesTheGradient() {
        // one dense softmax layer, no weight decay: the first step from zero velocity is w <- w - lr * g
        PaperSgd sgd = new PaperSgd(0.1, 0.9, 0);
        NeuralNetConfiguration.Builder base = sgd.applyTo(new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(WeightInit.XAVIER).dataType(DataType.DOUBLE));
        ComputationGraph net = new ComputationGraph(base.graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build());
        net.init();
        Nd4j.getRandom().setSeed(4);
        DataSet batch = new DataSet(Nd4j.rand(DataType.DOUBLE, 4, 3), Nd4j.createFromArray(new double[][]{
                {1, 0}, {0, 1}, {1, 0}, {0, 1}}));
        INDArray w0 = net.params().dup();
        net.setInputs(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        // the loss gradient DL4J computes is summed over the batch; its updater divides it by the batch size
        INDArray g = net.gradient().gradient().div(4);
        net.fit(batch);
        INDArray step = w0.sub(net.params());
        assertThat(step.sub(g.mul(0.1)).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(step.sub(g.mul(0.19)).amaxNumber().doubleValue()).isGreaterThan(1e-3); // not Nesterov's
    }
}
