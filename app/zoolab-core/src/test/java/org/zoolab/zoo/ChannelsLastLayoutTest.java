package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zoo model built channels last ({@link ModelOptions#layout()} NHWC) computes what the channels-first model does:
 * given the same parameters, the same outputs, and (models without dropout, whose masks are drawn in memory order
 * and so differ between layouts: not U-Net, AlexNet, VGG or GoogLeNet) the same loss and parameter gradient, each to
 * 1e-4. Inputs, labels and outputs are channels first in both.
 */
class ChannelsLastLayoutTest {

    private static ZooModel model(String name, CNN2DFormat layout, int classes, int c, int h, int w) {
        return Zoo.get(name, ModelOptions.builder().numClasses(classes).input(c, h, w).seed(7).layout(layout).build());
    }

    private static ComputationGraph[] pair(String name, int classes, int c, int h, int w) {
        ComputationGraph first = model(name, CNN2DFormat.NCHW, classes, c, h, w).init();
        ComputationGraph last = model(name, CNN2DFormat.NHWC, classes, c, h, w).init();
        assertThat(last.numParams()).isEqualTo(first.numParams());
        last.setParams(first.params().dup());
        return new ComputationGraph[]{first, last};
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertThat(diff / scale).as(what + ": max |difference| " + diff + " (largest value " + scale + ")")
                .isLessThan(1e-4);
    }

    @ParameterizedTest(name = "{0} at {2}x{3}x{4}: same outputs channels last")
    @CsvSource({
            "lenet5, 10, 1, 32, 32",
            "alexnet, 10, 3, 227, 227",
            "vgg-a, 10, 3, 32, 32",
            "resnet-20, 10, 3, 32, 32",
            "resnet-18, 10, 3, 64, 64",
            "googlenet, 10, 3, 64, 64",
            "unet, 2, 1, 188, 188",
            "unet-same, 2, 1, 32, 32"
    })
    void outputsMatch(String name, int classes, int c, int h, int w) {
        ComputationGraph[] nets = pair(name, classes, c, h, w);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, c, h, w);
        INDArray[] expected = nets[0].output(false, x);
        INDArray[] actual = nets[1].output(false, x);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], name + " output " + i);
        }
    }

    @ParameterizedTest(name = "{0}: same loss and gradient channels last")
    @CsvSource({
            "lenet5, 10, 1, 32, 32",
            "resnet-20, 10, 3, 32, 32",
            "resnet-18, 10, 3, 64, 64"
    })
    void gradientsMatch(String name, int classes, int c, int h, int w) {
        ComputationGraph[] nets = pair(name, classes, c, h, w);
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, c, h, w);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, classes);
        y.putScalar(0, 3, 1.0);
        y.putScalar(1, 7, 1.0);
        double[] score = new double[2];
        INDArray[] gradient = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            nets[i].setInputs(x);
            nets[i].setLabels(y);
            nets[i].computeGradientAndScore();
            score[i] = nets[i].score();
            gradient[i] = nets[i].gradient().gradient().dup();
        }
        assertThat(score[1]).isCloseTo(score[0], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, score[0])));
        assertThat(gradient[0].amaxNumber().doubleValue()).as("a gradient that can differ").isGreaterThan(0.0);
        assertClose(gradient[0], gradient[1], name + " parameter gradient");
    }

    @Test
    void dcganGeneratorAndDiscriminatorMatchChannelsLast() {
        ZooModel zm = Zoo.get("dcgan");
        double lr = GanFamily.model(zm.info()).training().learningRate();
        ModelOptions first = zm.options(), last = zm.options().toBuilder().layout(CNN2DFormat.NHWC).build();
        Nd4j.getRandom().setSeed(13);
        INDArray z = Nd4j.randn(DataType.FLOAT, 3, GanFamily.model(zm.info()).noise().size());
        INDArray image = Nd4j.rand(DataType.FLOAT, 3, first.inputChannels(), first.inputHeight(), first.inputWidth());
        ComputationGraph[] g = {new ComputationGraph(GanFamily.generator(zm.info(), first, lr)),
                new ComputationGraph(GanFamily.generator(zm.info(), last, lr))};
        ComputationGraph[] d = {new ComputationGraph(GanFamily.discriminator(zm.info(), first, lr)),
                new ComputationGraph(GanFamily.discriminator(zm.info(), last, lr))};
        for (ComputationGraph[] pair : new ComputationGraph[][]{g, d}) {
            pair[0].init();
            pair[1].init();
            pair[1].setParams(pair[0].params().dup());
        }
        assertClose(g[0].outputSingle(false, z), g[1].outputSingle(false, z), "generator image");
        assertClose(d[0].outputSingle(false, image), d[1].outputSingle(false, image), "discriminator score");
    }

    @Test
    void channelsLastConvolutionsRunNhwcBetweenChannelsFirstBorders() {
        ComputationGraphConfiguration conf = model("lenet5", CNN2DFormat.NHWC, 10, 1, 32, 32).configuration();
        long convs = conf.getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer)
                .map(v -> ((ConvolutionLayer) ((LayerVertex) v).getLayerConf().getLayer()).getCnn2dDataFormat())
                .peek(f -> assertThat(f).isEqualTo(CNN2DFormat.NHWC)).count();
        assertThat(convs).isGreaterThanOrEqualTo(2);
        assertThat(conf.toJson()).contains("LayoutChange");
        assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
        assertThat(ModelSummary.of(model("lenet5", CNN2DFormat.NHWC, 10, 1, 32, 32)).macs())
                .isEqualTo(ModelSummary.of(model("lenet5", CNN2DFormat.NCHW, 10, 1, 32, 32)).macs());
    }

    @Test
    void aChannelSubsetIsRefusedChannelsLastNamingTheLayer() {
        TrackedGraph g = new TrackedGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder(), "in",
                new FeatureShape(3, 8, 8), "zoo-configs/test.yaml", "models.test").layout(CNN2DFormat.NHWC);
        String x = g.conv("c", "in", 4, 3, 1, 1, true, org.nd4j.linalg.activations.Activation.RELU);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.channels("sub", x, 0, 1))
                .hasMessageContaining("'sub'").hasMessageContaining("channels-last");
    }
}
