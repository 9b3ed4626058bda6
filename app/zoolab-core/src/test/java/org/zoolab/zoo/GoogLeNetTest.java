package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** GoogLeNet (Szegedy et al. 2014): counts, shapes, Inception modules, auxiliary heads and their loss weight. */
class GoogLeNetTest {
    private static final GoogLeNetFamily FAMILY = new GoogLeNetFamily();

    private static ZooModel model(String name, ModelOptions options) {
        return ResNetTest.model(FAMILY, name, options);
    }

    private static Map<String, List<Long>> shapes(ModelSummary s) {
        return s.layers().stream().collect(Collectors.toMap(ModelSummary.Row::name, ModelSummary.Row::outputShape));
    }

    private static DataSet batch(int n, int size, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void inferenceNetworkHasThePapersCounts() {
        ModelSummary s = model("googlenet", ModelOptions.defaults()).summary();
        assertThat(s.trainableParams()).isEqualTo(6_998_552L);
        assertThat(s.nonTrainableParams()).isZero();
        assertThat(s.macs() / 1e9).isCloseTo(1.583, within(1.583 * 0.005));
    }

    @Test
    void trainingNetworkAddsTheTwoAuxiliaryHeads() {
        ZooModel train = model("googlenet-train", ModelOptions.defaults());
        assertThat(train.summary().trainableParams()).isEqualTo(6_998_552L + 6_379_728L);
        assertThat(train.configuration().getNetworkOutputs()).containsExactly("output", "aux1.output", "aux2.output");
        Map<String, List<Long>> shapes = shapes(train.summary());
        assertThat(shapes.get("aux1.pool")).containsExactly(512L, 4L, 4L);
        assertThat(shapes.get("aux2.pool")).containsExactly(528L, 4L, 4L);
        assertThat(shapes.get("aux1.fc")).containsExactly(1024L);
        OutputLayer aux = (OutputLayer) ((LayerVertex) train.configuration().getVertices().get("aux2.output")).getLayerConf().getLayer();
        assertThat(aux.getLossFn()).isEqualTo(new ScaledLoss(new LossMCXENT(), 0.3));
    }

    @Test
    void stagesFollowTable1() {
        Map<String, List<Long>> s = shapes(model("googlenet", ModelOptions.defaults()).summary());
        assertThat(s.get("conv1")).containsExactly(64L, 112L, 112L);
        assertThat(s.get("pool1")).containsExactly(64L, 56L, 56L);
        assertThat(s.get("norm1")).containsExactly(64L, 56L, 56L);
        assertThat(s.get("conv2")).containsExactly(192L, 56L, 56L);
        assertThat(s.get("pool2")).containsExactly(192L, 28L, 28L);
        assertThat(s.get("inception_3a")).containsExactly(256L, 28L, 28L);
        assertThat(s.get("inception_3b")).containsExactly(480L, 28L, 28L);
        assertThat(s.get("pool3")).containsExactly(480L, 14L, 14L);
        assertThat(s.get("inception_4a")).containsExactly(512L, 14L, 14L);
        assertThat(s.get("inception_4d")).containsExactly(528L, 14L, 14L);
        assertThat(s.get("inception_4e")).containsExactly(832L, 14L, 14L);
        assertThat(s.get("pool4")).containsExactly(832L, 7L, 7L);
        assertThat(s.get("inception_5b")).containsExactly(1024L, 7L, 7L);
        assertThat(s.get("avgpool")).containsExactly(1024L);
        assertThat(s.get("output")).containsExactly(1000L);
        // true 5x5 convolutions; LRN with Caffe's alpha divided by the window size
        assertThat(s.get("inception_4c.5x5")).containsExactly(64L, 14L, 14L);
        ComputationGraphConfiguration conf = model("googlenet", ModelOptions.defaults()).configuration();
        LocalResponseNormalization lrn = (LocalResponseNormalization) ((LayerVertex) conf.getVertices().get("norm2")).getLayerConf().getLayer();
        assertThat(new double[]{lrn.getN(), lrn.getK(), lrn.getAlpha(), lrn.getBeta()}).containsExactly(5, 1, 2e-5, 0.75);
    }

    private static TrackedGraph graph(int c, int h, int w) {
        return new TrackedGraph(new NeuralNetConfiguration.Builder(), "input", new FeatureShape(c, h, w), "test", "test");
    }

    private static ModelSummary summary(TrackedGraph g, String out) {
        g.output("out", g.globalAvgPool("gap", out), 1, Activation.IDENTITY, new LossMSE());
        FeatureShape in = g.shape("input");
        return ModelSummary.of("block", g.build(), InputType.convolutional(in.height(), in.width(), in.channels()));
    }

    @Test
    void inceptionModuleWithReductionsConcatenatesFourBranches() {
        TrackedGraph g = graph(192, 28, 28);
        InceptionModule.Widths w3a = new InceptionModule.Widths(64, 96, 128, 16, 32, 32);
        String out = InceptionModule.add(g, "3a", "input", w3a, false);
        assertThat(out).isEqualTo("3a");
        assertThat(g.shape(out)).isEqualTo(new FeatureShape(256, 28, 28)).isEqualTo(new FeatureShape(w3a.outChannels(), 28, 28));
        assertThat(g.shape("3a.5x5")).isEqualTo(new FeatureShape(32, 28, 28));
        assertThat(g.shape("3a.pool_proj")).isEqualTo(new FeatureShape(32, 28, 28));
        long params = 192 * 64 + 64 + 192 * 96 + 96 + 96 * 128 * 9 + 128 + 192 * 16 + 16 + 16 * 32 * 25 + 32 + 192 * 32 + 32;
        ModelSummary s = summary(g, out);
        assertThat(s.trainableParams() - (256 + 1)).isEqualTo(params).isEqualTo(163_696L);
    }

    @Test
    void naiveInceptionModulePassesThePooledInputThrough() {
        TrackedGraph g = graph(192, 28, 28);
        String out = InceptionModule.addNaive(g, "naive", "input", 64, 128, 32, false);
        assertThat(g.shape(out)).isEqualTo(new FeatureShape(64 + 128 + 32 + 192, 28, 28));
        long params = 192 * 64 + 64 + 192 * 128 * 9 + 128 + 192 * 32 * 25 + 32;
        assertThat(summary(g, out).trainableParams() - (416 + 1)).isEqualTo(params);
    }

    @Test
    void scaledLossScalesScoreAndGradientExactly() {
        Nd4j.getRandom().setSeed(11);
        INDArray pre = Nd4j.randn(DataType.DOUBLE, 4, 5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1);
        }
        LossMCXENT plain = new LossMCXENT();
        ScaledLoss scaled = new ScaledLoss(new LossMCXENT(), 0.3);
        var act = Activation.SOFTMAX.getActivationFunction();
        double score = plain.computeScore(labels, pre.dup(), act, null, true);
        assertThat(scaled.computeScore(labels, pre.dup(), act, null, true)).isEqualTo(0.3 * score);
        INDArray grad = plain.computeGradient(labels, pre.dup(), act, null);
        assertThat(scaled.computeGradient(labels, pre.dup(), act, null)).isEqualTo(grad.mul(0.3));
        assertThat(scaled.computeScoreArray(labels, pre.dup(), act, null))
                .isEqualTo(plain.computeScoreArray(labels, pre.dup(), act, null).mul(0.3));
        var both = scaled.computeGradientAndScore(labels, pre.dup(), act, null, true);
        assertThat(both.getFirst()).isEqualTo(0.3 * score);
        assertThat(both.getSecond()).isEqualTo(grad.mul(0.3));
        assertThatThrownBy(() -> new ScaledLoss(plain, 0)).hasMessageContaining("loss weight must be positive");
    }

    @Test
    void trainingConfigurationSurvivesDl4jJson() {
        ComputationGraphConfiguration conf = model("googlenet-train", ModelOptions.defaults()).configuration();
        String json = conf.toJson();
        assertThat(json).contains("org.zoolab.zoo.ScaledLoss");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        OutputLayer aux = (OutputLayer) ((LayerVertex) back.getVertices().get("aux1.output")).getLayerConf().getLayer();
        assertThat(aux.getLossFn()).isEqualTo(new ScaledLoss(new LossMCXENT(), 0.3));
    }

    @Test
    void graphScoreWeighsTheAuxiliaryLossesByPointThree() {
        ComputationGraph net = model("googlenet-train", ModelOptions.builder().numClasses(4).input(3, 80, 80).build()).init();
        DataSet b = batch(2, 80, 4, 21);
        MultiDataSet mds = GoogLeNetFamily.labelsForEveryOutput(b, net);
        double total = net.score(mds, false);
        INDArray[] outs = net.output(false, b.getFeatures());
        double expected = 0;
        double[] weights = {1, 0.3, 0.3};
        for (int i = 0; i < 3; i++) {
            // cross-entropy of the softmax outputs, recomputed from the probabilities
            INDArray p = outs[i].castTo(DataType.DOUBLE);
            INDArray y = b.getLabels().castTo(DataType.DOUBLE);
            expected += weights[i] * -y.mul(org.nd4j.linalg.ops.transforms.Transforms.log(p)).sumNumber().doubleValue() / 2;
        }
        double l2 = net.calcRegularizationScore(true);
        assertThat(total - l2).isCloseTo(expected, within(1e-3 * expected));
    }

    @Test
    void droppingTheAuxiliaryHeadsGivesTheInferenceNetworkWithTheSameOutput() {
        ComputationGraph train = model("googlenet-train", ModelOptions.builder().seed(3).build()).init();
        ComputationGraph inference = GoogLeNetFamily.dropAuxiliaryHeads(train);
        assertThat(inference.numParams()).isEqualTo(6_998_552L);
        assertThat(inference.getConfiguration().getNetworkOutputs()).containsExactly("output");
        assertThat(inference.getConfiguration().getVertices().keySet()).noneMatch(v -> v.startsWith("aux"));
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224);
        INDArray expected = train.output(false, x)[0];
        INDArray actual = inference.outputSingle(false, x);
        assertThat(actual.shape()).containsExactly(1, 1000);
        assertThat(actual.equalsWithEps(expected, 1e-6)).isTrue();
        assertThatThrownBy(() -> GoogLeNetFamily.dropAuxiliaryHeads(inference)).hasMessageContaining("no auxiliary heads");
    }

    @Test
    void inferenceNetworkRunsForwardAt64x64() {
        ComputationGraph net = model("googlenet", ModelOptions.builder().numClasses(10).input(3, 64, 64).build()).init();
        INDArray out = net.outputSingle(batch(2, 64, 10, 5).getFeatures());
        assertThat(out.shape()).containsExactly(2, 10);
        assertThat(out.sum(1).getDouble(1)).isCloseTo(1.0, within(1e-4));
        // Xavier, the paper states no initialisation: N(0, 2 / (fan-in + fan-out)), 128*9 in, 256*9 out
        double std = Math.sqrt(2.0 / (128 * 9 + 256 * 9));
        assertThat(net.getLayer("inception_4c.3x3").getParam("W").stdNumber().doubleValue()).isCloseTo(std, within(0.02 * std));
    }

    @Test
    void oneSgdStepLowersTheTrainingLoss() {
        ComputationGraph net = model("googlenet-train", ModelOptions.builder().numClasses(4).input(3, 96, 96).seed(9).build()).init();
        MultiDataSet mds = GoogLeNetFamily.labelsForEveryOutput(batch(4, 96, 4, 8), net);
        assertThat(net.output(false, mds.getFeatures(0))).hasSize(3);
        double before = net.score(mds, false);
        net.fit(mds);
        assertThat(net.score(mds, false)).isLessThan(before);
    }

    @Test
    void batchNormVariantReplacesTheLrns() {
        ComputationGraphConfiguration conf = model("googlenet", ModelOptions.builder().batchNorm(true).build()).configuration();
        assertThat(conf.getVertices()).doesNotContainKeys("norm1", "norm2").containsKeys("conv1.bn", "inception_3a.5x5.bn");
        assertThat(conf.getVertices().values()).filteredOn(v -> v instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BatchNormalization).hasSize(3 + 9 * 6);
    }

    @Test
    void theAuxiliaryHeadsNeedA5x5MapAt4a() {
        assertThatThrownBy(() -> model("googlenet-train", ModelOptions.builder().input(3, 64, 64).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/googlenet.yaml")
                .hasMessageContaining("models.googlenet-train")
                .hasMessageContaining("the feature map shrinks to nothing at layer 'aux1.pool'")
                .hasMessageContaining("its input is 512x4x4 but its average pooling window is 5x5");
        assertThat(model("googlenet", ModelOptions.builder().input(3, 64, 64).build()).summary().trainableParams())
                .isEqualTo(6_998_552L);
    }

    @Test
    void badTablesAreRejectedNamingTheKey() {
        String yaml = new String(readTable(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ZooConfigs.parse("zoo-configs/googlenet.yaml", yaml, GoogLeNetTable.class).stages()).hasSize(3);
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/googlenet.yaml", yaml.replace("5x5reduce: 24, 5x5: 64", "5x5reduce: 24, 5x5: -64"), GoogLeNetTable.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/googlenet.yaml, line ")
                .hasMessageContaining("stages[1].modules[1]")
                .hasMessageContaining("module 4b: 5x5 must be a positive width, got -64");
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/googlenet.yaml", yaml.replace("after: [4a, 4d]", "after: [4a, 4f]"), GoogLeNetTable.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auxiliary.after: no module named '4f'");
    }

    private static byte[] readTable() {
        try (var in = GoogLeNetTest.class.getClassLoader().getResourceAsStream("zoo-configs/googlenet.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
