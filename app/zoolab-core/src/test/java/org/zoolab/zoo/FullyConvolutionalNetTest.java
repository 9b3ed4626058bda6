package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FullyConvolutionalNetTest {

    /** conv 3x3 (no padding) -> maxpool 2 -> fc 16 (relu) -> dropout -> fc 12 -> softmax 5, on 3 x 14 x 10 (a 6x4 map before fc). */
    private static ComputationGraph tinyVgg(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(14, 10, 3))
                .addLayer("conv1_1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "input")
                .addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv1_1")
                .addLayer("fc6", new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build(), "pool1")
                .addLayer("drop6", new DropoutLayer.Builder(0.5).build(), "fc6")
                .addLayer("fc7", new DenseLayer.Builder().nOut(12).activation(Activation.TANH).build(), "drop6")
                .addLayer("fc8", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build(), "fc7")
                .setOutputs("fc8")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        // biases away from zero so a misplaced bias shows
        g.getLayer("fc6").setParam("b", Nd4j.rand(DataType.FLOAT, 1, 16).subi(0.5));
        g.getLayer("fc8").setParam("b", Nd4j.rand(DataType.FLOAT, 1, 5).subi(0.5));
        return g;
    }

    @Test
    void atTheTrainingSizeTheScoresAreTheOriginalNets() {
        Nd4j.getRandom().setSeed(7);
        ComputationGraph net = tinyVgg(7);
        FullyConvolutionalNet fcn = FullyConvolutionalNet.of(net);
        assertThat(fcn.convertedLayers()).containsExactly("fc6", "fc7", "fc8");
        assertThat(fcn.kernel()).containsExactly(6, 4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 14, 10);
        INDArray expected = net.outputSingle(false, x);
        assertThat(fcn.scoreMap(x).shape()).containsExactly(3, 5, 1, 1);
        INDArray got = fcn.posteriors(x);
        assertThat(got.shape()).containsExactly(3, 5);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 5; k++) {
                assertThat((double) got.getFloat(i, k)).isCloseTo(expected.getFloat(i, k), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void onALargerImageEachPositionOfTheScoreMapIsTheOriginalNetOnItsWindow() {
        Nd4j.getRandom().setSeed(11);
        ComputationGraph net = tinyVgg(11);
        FullyConvolutionalNet fcn = FullyConvolutionalNet.of(net);
        // 3 x 20 x 16: conv (no padding) 18x14, pool 9x7, the 6x4 kernel 4x4 positions
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 20, 16);
        INDArray map = fcn.scoreMap(x);
        assertThat(map.shape()).containsExactly(1, 5, 4, 4);
        // position (y, x) sees input rows 2y .. 2y+13 and columns 2x .. 2x+9 (the pool's stride 2)
        for (int py = 0; py < 4; py++) {
            for (int px = 0; px < 4; px++) {
                INDArray window = x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(2 * py, 2 * py + 14), NDArrayIndex.interval(2 * px, 2 * px + 10)).dup();
                INDArray expected = net.outputSingle(false, window);
                INDArray scores = map.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(py), NDArrayIndex.point(px))
                        .reshape(1, 5);
                INDArray got = org.nd4j.linalg.ops.transforms.Transforms.softmax(scores, true);
                assertThat(got.sub(expected).amaxNumber().doubleValue()).as("position %d,%d", py, px).isLessThan(1e-4);
            }
        }
    }

    @Test
    void zooVggAt64GivesTheOriginalScoresAndA3x3MapAt128() {
        Nd4j.getRandom().setSeed(3);
        ComputationGraph net = Zoo.get("vgg-a", ModelOptions.builder().input(3, 64, 64).numClasses(10).seed(3).build()).init();
        FullyConvolutionalNet fcn = FullyConvolutionalNet.of(net);
        assertThat(fcn.convertedLayers()).containsExactly("fc6", "fc7", "fc8");
        assertThat(fcn.kernel()).containsExactly(2, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
        INDArray expected = net.outputSingle(false, x);
        INDArray got = fcn.posteriors(x);
        assertThat(got.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
        // 128 / 32 = 4x4 at pool5, a 2x2 kernel: 3x3 positions; 96x160 gives 3x5 at pool5, 2x4 positions
        assertThat(fcn.scoreMap(Nd4j.rand(DataType.FLOAT, 1, 3, 128, 128)).shape()).containsExactly(1, 10, 3, 3);
        assertThat(fcn.scoreMap(Nd4j.rand(DataType.FLOAT, 1, 3, 96, 160)).shape()).containsExactly(1, 10, 2, 4);
    }

    @Test
    void aGraphThatPoolsGloballyBeforeItsDenseLayerIsRefusedNamingTheLayer() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "input")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("fc", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("fc")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        assertThatThrownBy(() -> FullyConvolutionalNet.of(g)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("dense layer 'fc'").hasMessageContaining("'gap' (GlobalPoolingLayer)");
    }

    @Test
    void theZoosGoogLeNetPoolsGloballySoItIsRefused() {
        ComputationGraph g = Zoo.get("googlenet", ModelOptions.builder().numClasses(10).build()).init();
        assertThatThrownBy(() -> FullyConvolutionalNet.of(g)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("dense layer 'output' takes a flat input from 'avgpool' (GlobalPoolingLayer), not a convolutional map");
    }

    @Test
    void aConvolutionalOutputIsRefused() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "input")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        assertThatThrownBy(() -> FullyConvolutionalNet.of(g)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("main output 'out' (CnnLossLayer)");
    }
}
