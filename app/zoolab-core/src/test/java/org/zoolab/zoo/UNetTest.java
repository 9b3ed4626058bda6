package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** U-Net (Ronneberger et al. 2015): counts, the 572 → 388 shapes, the steps, the per-pixel softmax, bad inputs. */
class UNetTest {
    private static final UNetFamily FAMILY = new UNetFamily();

    private static ZooModel model(String name, ModelOptions options) {
        return ResNetTest.model(FAMILY, name, options);
    }

    private static Map<String, List<Long>> shapes(ModelSummary s) {
        return s.layers().stream().collect(Collectors.toMap(ModelSummary.Row::name, ModelSummary.Row::outputShape));
    }

    @Test
    void parameterCountsMatchThePaper() {
        assertThat(model("unet", ModelOptions.defaults()).summary().trainableParams()).isEqualTo(31_030_658L);
        assertThat(model("unet", ModelOptions.builder().input(3, 572, 572).build()).summary().trainableParams())
                .isEqualTo(31_031_810L);
        assertThat(model("unet-same", ModelOptions.defaults()).summary().trainableParams()).isEqualTo(31_030_658L);
    }

    @Test
    void validConvolutionsTake572To388() {
        Map<String, List<Long>> s = shapes(model("unet", ModelOptions.defaults()).summary());
        assertThat(s.get("down1.conv2")).containsExactly(64L, 568L, 568L);
        assertThat(s.get("down2.conv2")).containsExactly(128L, 280L, 280L);
        assertThat(s.get("down3.conv2")).containsExactly(256L, 136L, 136L);
        assertThat(s.get("down4.conv2")).containsExactly(512L, 64L, 64L);
        assertThat(s.get("down5.conv2")).containsExactly(1024L, 28L, 28L);
        assertThat(s.get("up4.upconv")).containsExactly(512L, 56L, 56L);
        assertThat(s.get("up4.crop")).containsExactly(512L, 56L, 56L);
        assertThat(s.get("up4.conv2")).containsExactly(512L, 52L, 52L);
        assertThat(s.get("up3.conv2")).containsExactly(256L, 100L, 100L);
        assertThat(s.get("up2.conv2")).containsExactly(128L, 196L, 196L);
        assertThat(s.get("up1.crop")).containsExactly(64L, 392L, 392L);
        assertThat(s.get("up1.conv2")).containsExactly(64L, 388L, 388L);
        assertThat(s.get("output")).containsExactly(2L, 388L, 388L);
        Map<String, List<Long>> same = shapes(model("unet-same", ModelOptions.defaults()).summary());
        assertThat(same.get("down5.conv2")).containsExactly(1024L, 32L, 32L);
        assertThat(same.get("output")).containsExactly(2L, 512L, 512L);
        assertThat(same).doesNotContainKeys("up1.crop", "up4.crop");
    }

    @Test
    void endsInA1x1ConvolutionAndAPerPixelSoftmax() {
        var vertices = model("unet", ModelOptions.defaults()).configuration().getVertices();
        ConvolutionLayer classifier = (ConvolutionLayer) ((LayerVertex) vertices.get("classifier")).getLayerConf().getLayer();
        assertThat(classifier.getKernelSize()).containsExactly(1, 1);
        assertThat(classifier.getActivationFn()).isInstanceOf(ActivationIdentity.class);
        CnnLossLayer out = (CnnLossLayer) ((LayerVertex) vertices.get("output")).getLayerConf().getLayer();
        assertThat(out.getActivationFn()).isInstanceOf(ActivationSoftmax.class);
        // the paper's sum over pixels, divided by the 388 x 388 output pixels: the mean per-pixel cross-entropy
        assertThat(out.getLossFn()).isEqualTo(new ScaledLoss(new LossMCXENT(), 1.0 / (388 * 388)));
    }

    @Test
    void batchNormVariantNormalisesEvery3x3Convolution() {
        ZooModel bn = model("unet-same", ModelOptions.builder().batchNorm(true).build());
        assertThat(bn.configuration().getVertices()).containsKeys("down1.conv1.bn", "up1.conv2.relu");
        // 18 convolutions lose their biases and gain gamma and beta: + one parameter per channel
        long channels = 2 * (64 + 128 + 256 + 512 + 1024) + 2 * (512 + 256 + 128 + 64);
        assertThat(bn.summary().trainableParams()).isEqualTo(31_030_658L + channels);
    }

    private static TrackedGraph graph(int c, int h, int w) {
        return new TrackedGraph(new NeuralNetConfiguration.Builder(), "input", new FeatureShape(c, h, w), "test", "test");
    }

    @Test
    void downAndUpStepShapes() {
        TrackedGraph g = graph(64, 568, 568);
        String down = UNetSteps.down(g, "down2", "input", 128, true, 0, false);
        assertThat(g.shape("down2.pool")).isEqualTo(new FeatureShape(64, 284, 284));
        assertThat(g.shape(down)).isEqualTo(new FeatureShape(128, 280, 280));
        String top = UNetSteps.down(graph(1, 572, 572), "down1", "input", 64, false, 0, false);
        assertThat(top).isEqualTo("down1.conv2");

        TrackedGraph u = graph(128, 200, 200);
        String skip = u.conv("skip", "input", 64, 1, 1, 0, true, org.nd4j.linalg.activations.Activation.RELU);
        String below = u.conv("below", "input", 128, 3, 2, 0, true, org.nd4j.linalg.activations.Activation.RELU); // 99x99
        String up = UNetSteps.up(u, "up1", below, skip, 64, 0, false);
        assertThat(u.shape("up1.upconv")).isEqualTo(new FeatureShape(64, 198, 198));
        assertThat(u.shape("up1.crop")).isEqualTo(new FeatureShape(64, 198, 198));
        assertThat(u.shape("up1.concat")).isEqualTo(new FeatureShape(128, 198, 198));
        assertThat(u.shape(up)).isEqualTo(new FeatureShape(64, 194, 194));

        TrackedGraph p = graph(64, 32, 32);
        String pd = UNetSteps.down(p, "d", "input", 128, true, 1, false);
        assertThat(p.shape(pd)).isEqualTo(new FeatureShape(128, 16, 16));
        String pu = UNetSteps.up(p, "u", pd, "input", 64, 1, false);
        assertThat(p.shape(pu)).isEqualTo(new FeatureShape(64, 32, 32));
    }

    @Test
    void forwardAtTheSmallestValidInputAndSamePaddedAt64() {
        ComputationGraph valid = model("unet", ModelOptions.builder().input(1, 188, 188).build()).init();
        Nd4j.getRandom().setSeed(2);
        INDArray out = valid.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 1, 188, 188));
        assertThat(out.shape()).containsExactly(1, 2, 4, 4);
        assertThat(out.sum(1).minNumber().doubleValue()).isCloseTo(1.0, within(1e-4));
        assertThat(out.sum(1).maxNumber().doubleValue()).isCloseTo(1.0, within(1e-4));

        ComputationGraph same = model("unet-same", ModelOptions.builder().input(3, 64, 64).numClasses(5).build()).init();
        assertThat(same.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64)).shape()).containsExactly(2, 5, 64, 64);
    }

    @Test
    void heNormalInitialisationAndOneSgdStepLowersTheLoss() {
        ComputationGraph net = model("unet-same", ModelOptions.builder().input(1, 32, 32).seed(4).build()).init();
        double std = Math.sqrt(2.0 / (128 * 9)); // N(0, sqrt(2/N)), N = fan-in of down3.conv1
        assertThat(net.getLayer("down3.conv1").getParam("W").stdNumber().doubleValue()).isCloseTo(std, within(0.02 * std));
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        INDArray fg = x.gt(0.5).castTo(DataType.FLOAT);
        INDArray y = Nd4j.concat(1, fg.rsub(1.0), fg);
        DataSet batch = new DataSet(x, y);
        double before = net.score(batch, false);
        net.fit(batch);
        assertThat(net.score(batch, false)).isLessThan(before);
    }

    @Test
    void inputsThatDoNotFitNameTheLayer() {
        // 16k + 124 with k = 3: the expanding path runs out of pixels
        assertThatThrownBy(() -> model("unet", ModelOptions.builder().input(1, 172, 172).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zoo-configs/unet.yaml, key 'models.unet': the feature map shrinks to nothing at layer 'up3.conv2'");
        // 100: 96 → 48 → 44 → 22 → 18 → 9 → 7 → 5: odd before the last pool
        assertThatThrownBy(() -> model("unet", ModelOptions.builder().input(1, 100, 100).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at layer 'down5.pool': a 2x2/2 max pool needs a map of even height and width, got 512x5x5");
        // 40 → 20 → 10 → 5: not a multiple of 16
        assertThatThrownBy(() -> model("unet-same", ModelOptions.builder().input(1, 40, 40).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at layer 'down5.pool': a 2x2/2 max pool needs a map of even height and width, got 512x5x5");
    }

    private static final String TABLE = """
            optimizer: {learningRate: 0.01, momentum: 0.99, weightDecay: 0.0}
            widths: [64, %s, 256]
            dropout: 0.5
            models:
              tiny:
                aliases: []
                paper: test
                year: 2015
                input: {channels: 1, height: 64, width: 64}
                classes: 2
                padding: %s
            """;

    @Test
    void badTablesAreRejectedNamingTheKey() {
        UNetTable ok = ZooConfigs.parse("zoo-configs/unet.yaml", TABLE.formatted("128", "same"), UNetTable.class);
        assertThat(model(new UNetFamily(ok), "tiny").summary().layers()).isNotEmpty();
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/unet.yaml", TABLE.formatted("-128", "same"), UNetTable.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/unet.yaml")
                .hasMessageContaining("widths[1] must be positive, got -128");
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/unet.yaml", TABLE.formatted("128", "full"), UNetTable.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 11")
                .hasMessageContaining("models.tiny.padding")
                .hasMessageContaining("unknown padding 'full'; expected one of: valid, same");
    }

    private static ZooModel model(ModelFamily family, String name) {
        return ResNetTest.model(family, name, ModelOptions.defaults());
    }
}
