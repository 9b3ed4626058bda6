package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.zoolab.zoo.ScaledLoss;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The weighted loss of {@link SegmentationRun.Loss#WEIGHTED}: the U-Net's output layer (a {@code CnnLossLayer} with
 * softmax and the pixel-mean cross-entropy {@code ScaledLoss(LossMCXENT, 1/(H*W))}) fed the weight map as its
 * labels mask. Checked through DL4J itself, on a 2x2 image whose logits are the input (a 1x1 identity convolution).
 */
class WeightedPixelLossTest {
    // logits [1, 2 classes, 2, 2]: class 0 plane, then class 1 plane (pixels row-major)
    static final double[] Z0 = {0.5, -1.0, 2.0, 0.0};
    static final double[] Z1 = {-0.5, 1.5, 1.0, 0.25};
    static final int[] LABEL = {0, 1, 1, 0};
    static final double[] W = {1.0, 10.5, 0.25, 2.0};

    static ComputationGraph identityGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(2, 2, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(2).activation(Activation.IDENTITY).build(), "in")
                .addLayer("output", new CnnLossLayer.Builder().activation(Activation.SOFTMAX)
                        .lossFunction(new ScaledLoss(new LossMCXENT(), 1.0 / 4)).build(), "conv")
                .setOutputs("output").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.getLayer("conv").setParam("W", Nd4j.eye(2).castTo(DataType.DOUBLE).reshape(2, 2, 1, 1));
        g.getLayer("conv").setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        return g;
    }

    static DataSet example(double[] weights) {
        INDArray x = Nd4j.create(new double[][][][]{{{{Z0[0], Z0[1]}, {Z0[2], Z0[3]}}, {{Z1[0], Z1[1]}, {Z1[2], Z1[3]}}}});
        double[] y = new double[8];
        for (int p = 0; p < 4; p++) y[LABEL[p] * 4 + p] = 1;
        DataSet ds = new DataSet(x, Nd4j.create(y, new long[]{1, 2, 2, 2}));
        if (weights != null) ds.setLabelsMaskArray(Nd4j.create(weights, new long[]{1, 1, 2, 2}));
        return ds;
    }

    /** sum_p w_p * -ln softmax(z_p)[label_p] / 4, by hand. */
    static double handScore(double[] w) {
        double s = 0;
        for (int p = 0; p < 4; p++) {
            double z = LABEL[p] == 0 ? Z0[p] : Z1[p];
            double logSum = Math.log(Math.exp(Z0[p]) + Math.exp(Z1[p]));
            s += w[p] * (logSum - z);
        }
        return s / 4;
    }

    @Test
    void weightedScoreIsTheHandComputedWeightedCrossEntropy() {
        ComputationGraph g = identityGraph();
        // pixel 0: -ln(e^0.5 / (e^0.5 + e^-0.5)) = ln(1 + e^-1); weighted 1
        double first = Math.log(1 + Math.exp(-1));
        assertThat(handScore(new double[]{4, 0, 0, 0})).isCloseTo(first, within(1e-15));
        assertThat(g.score(example(W))).isCloseTo(handScore(W), within(1e-12));
        // unit weights are the unweighted loss; no labels mask is the same
        assertThat(g.score(example(new double[]{1, 1, 1, 1}))).isCloseTo(g.score(example(null)), within(1e-15));
        assertThat(g.score(example(null))).isCloseTo(handScore(new double[]{1, 1, 1, 1}), within(1e-12));
        assertThat(handScore(W)).isCloseTo(0.78044954, within(1e-8));  // the same sum, evaluated once in Python
    }

    /** The gradient DL4J backpropagates with the weights as labels mask matches central differences of the score. */
    @Test
    void weightedGradientMatchesFiniteDifferences() {
        ComputationGraph g = identityGraph();
        g.getLayer("conv").setParam("W", Nd4j.create(new double[]{0.9, 0.2, -0.3, 1.1}, new long[]{2, 2, 1, 1}));
        g.getLayer("conv").setParam("b", Nd4j.create(new double[]{0.1, -0.2}, new long[]{1, 2}));
        DataSet ds = example(W);
        g.setInputs(ds.getFeatures());
        g.setLabels(ds.getLabels());
        g.setLayerMaskArrays(null, new INDArray[]{ds.getLabelsMaskArray()});
        g.computeGradientAndScore();
        INDArray grad = g.gradient().gradient().dup();
        INDArray params = g.params();
        assertThat(params.length()).isEqualTo(6);
        double eps = 1e-6;
        for (int i = 0; i < 6; i++) {
            double v = params.getDouble(i);
            params.putScalar(i, v + eps);
            double plus = g.score(ds);
            params.putScalar(i, v - eps);
            double minus = g.score(ds);
            params.putScalar(i, v);
            assertThat(grad.getDouble(i)).as("parameter %d", i).isCloseTo((plus - minus) / (2 * eps), within(1e-8));
        }
        // the weights do reach the gradient: with unit weights it differs
        g.setLayerMaskArrays(null, new INDArray[]{Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2)});
        g.computeGradientAndScore();
        assertThat(g.gradient().gradient()).isNotEqualTo(grad);
    }

    /** The weighted run's network is the cross-entropy one: the weights come with the data, not the graph. */
    @Test
    void weightedRunUsesThePixelMeanCrossEntropyLayer() {
        var weighted = SegmentationRun.network(new SegmentationRun.Settings("mnist", 32, 1, 1, List.of(4, 8), SegmentationRun.Loss.WEIGHTED, 1));
        var plain = SegmentationRun.network(new SegmentationRun.Settings("mnist", 32, 1, 1, List.of(4, 8), SegmentationRun.Loss.XENT, 1));
        CnnLossLayer a = (CnnLossLayer) ((LayerVertex) weighted.getVertices().get("output")).getLayerConf().getLayer();
        CnnLossLayer b = (CnnLossLayer) ((LayerVertex) plain.getVertices().get("output")).getLayerConf().getLayer();
        assertThat(a.getLossFn()).isInstanceOf(ScaledLoss.class).isEqualTo(b.getLossFn());
        assertThat(((ScaledLoss) a.getLossFn()).factor()).isEqualTo(1.0 / (32 * 32));
    }
}
