package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The weights-only backward pass of input convolutions gives DL4J's own gradients (issue 16: to 1e-4). */
class InputConvolutionBackpropTest {

    static {
        OneDnnHelpers.enable();
    }

    @Test
    void leNet5GradientsMatchDl4jsOwnPathAndOnlyTheFirstConvolutionChanges() {
        ComputationGraph reference = Zoo.get("lenet5").init();
        assertGradientsMatch(reference, Nd4j.rand(DataType.FLOAT, 16, 1, 32, 32), 10, 1);
    }

    @Test
    void paddedStridedConvolutionWithoutBiasMatches() {
        // ResNet-18's stem: 7x7 stride 2 padding 3, no bias, three input channels
        ComputationGraph reference = Zoo.get("resnet-18",
                ModelOptions.builder().numClasses(5).input(3, 32, 32).build()).init();
        assertGradientsMatch(reference, Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32), 5, 1);
    }

    @Test
    void sameModeStridedDilatedConvolutionMatches() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(11, 13, 3))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).dilation(2, 2).nOut(5)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build(), "c1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "c2")
                .setOutputs("out").build();
        ComputationGraph reference = new ComputationGraph(conf);
        reference.init();
        assertGradientsMatch(reference, Nd4j.rand(DataType.FLOAT, 6, 3, 11, 13), 3, 1);
    }

    @Test
    void graphsWhoseInputGoesThroughAPreprocessorAreLeftAlone() {
        ComputationGraph mlp = Zoo.get("mlp").init();
        assertThat(InputConvolutionBackprop.install(mlp)).isEmpty();
    }

    @Test
    void oneTrainingStepGivesTheSameParametersAndInstallingTwiceIsHarmless() {
        ComputationGraph reference = Zoo.get("lenet5").init();
        ComputationGraph lever = reference.clone();
        assertThat(InputConvolutionBackprop.install(lever)).hasSize(1);
        assertThat(InputConvolutionBackprop.install(lever)).hasSize(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 32, 32);
        INDArray y = oneHot(8, 10);
        reference.fit(new INDArray[] {x}, new INDArray[] {y});
        lever.fit(new INDArray[] {x}, new INDArray[] {y});
        assertThat(maxAbsDiff(reference.params(), lever.params())).isLessThan(1e-4);
        assertThat(lever.params()).isNotEqualTo(Zoo.get("lenet5").init().params());
    }

    private static void assertGradientsMatch(ComputationGraph reference, INDArray x, int classes, int expectedLayers) {
        ComputationGraph lever = reference.clone();
        assertThat(InputConvolutionBackprop.install(lever)).hasSize(expectedLayers);
        INDArray y = oneHot((int) x.size(0), classes);
        Map<String, INDArray> expected = gradients(reference, x, y);
        Map<String, INDArray> actual = gradients(lever, x, y);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        double largest = 0;
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            double scale = Math.max(1.0, e.getValue().amaxNumber().doubleValue());
            assertThat(maxAbsDiff(e.getValue(), actual.get(e.getKey())) / scale).as(e.getKey()).isLessThan(1e-4);
            largest = Math.max(largest, e.getValue().amaxNumber().doubleValue());
        }
        assertThat(largest).as("the gradients are not all zero").isGreaterThan(1e-6);
        assertThat(reference.getLayers()).anySatisfy(l -> assertThat(InputConvolutionBackprop.isInstalled(l)).isFalse());
        assertThat(lever.getLayers()).anySatisfy(l -> assertThat(InputConvolutionBackprop.isInstalled(l)).isTrue());
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, INDArray x, INDArray y) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        Map<String, INDArray> out = new java.util.TreeMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static INDArray oneHot(int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 7) % classes, 1.0);
        return y;
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
