package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** ResNet (He et al. 2015): counts against the paper/torchvision, shapes, shortcuts A/B/C, blocks, bad tables. */
class ResNetTest {
    private static final ResNetFamily FAMILY = new ResNetFamily();

    static ZooModel model(ModelFamily family, String name, ModelOptions options) {
        ModelInfo info = family.models().stream().filter(m -> m.answersTo(name)).findFirst().orElseThrow();
        ModelOptions resolved = options.resolvedFor(info);
        return new ZooModel(info, resolved, family.configure(info, resolved));
    }

    private static ZooModel model(String name, ModelOptions options) {
        return model(FAMILY, name, options);
    }

    private static Map<String, List<Long>> shapes(ModelSummary s) {
        return s.layers().stream().collect(java.util.stream.Collectors.toMap(ModelSummary.Row::name, ModelSummary.Row::outputShape));
    }

    @ParameterizedTest
    @CsvSource({"resnet-18, 11689512, 1.814", "resnet-34, 21797672, 3.664", "resnet-50, 25557032, 3.858",
            "resnet-101, 44549160, 7.570", "resnet-152, 60192808, 11.282"})
    void imageNetCountsMatchThePaper(String name, long params, double gmacs) {
        ModelSummary s = model(name, ModelOptions.defaults()).summary();
        assertThat(s.trainableParams()).isEqualTo(params);
        assertThat(s.macs() / 1e9).isCloseTo(gmacs, within(gmacs * 0.005));
    }

    @ParameterizedTest
    @CsvSource({"plain-18, 11515688", "plain-34, 21623848", "resnet-20, 269722", "resnet-32, 464154",
            "resnet-44, 658586", "resnet-56, 853018", "resnet-110, 1727962"})
    void plainAndCifarCountsMatchThePaper(String name, long params) {
        assertThat(model(name, ModelOptions.defaults()).summary().trainableParams()).isEqualTo(params);
    }

    @Test
    void resNet34ShortcutOptionsAAndCDifferFromBByTheirProjections() {
        // B (torchvision's resnet34) projects only where a stage starts with a stride: conv3_1, conv4_1, conv5_1,
        // each a 1x1 conv (cin * cout) + BN (2 * cout): 64*128 + 256 + 128*256 + 512 + 256*512 + 1024 = 173,824.
        // A replaces them by zero padding (no parameters): 21,797,672 - 173,824 = 21,623,848 (= plain-34).
        // C projects on every block: B's plus 3 * (64*64 + 128) + 3 * (128*128 + 256) + 5 * (256*256 + 512)
        // + 2 * (512*512 + 1024) = 12,672 + 49,920 + 330,240 + 526,336 = 919,168 more: 22,716,840.
        long b = model("resnet-34", ModelOptions.defaults()).summary().trainableParams();
        assertThat(b).isEqualTo(21_797_672L);
        assertThat(model("resnet-34-a", ModelOptions.defaults()).summary().trainableParams())
                .isEqualTo(b - 173_824L).isEqualTo(21_623_848L);
        assertThat(model("resnet-34-c", ModelOptions.defaults()).summary().trainableParams())
                .isEqualTo(b + 919_168L).isEqualTo(22_716_840L);
        Map<String, List<Long>> c = shapes(model("resnet-34-c", ModelOptions.defaults()).summary());
        assertThat(c).containsKeys("conv2_1.shortcut", "conv2_3.shortcut", "conv5_3.shortcut");
    }

    @ParameterizedTest
    @CsvSource({"resnet-50, resnet-50-v1.5, 25557032, 3857973248, 4089184256",
            "resnet-101, resnet-101-v1.5, 44549160, 7570194432, 7801405440",
            "resnet-152, resnet-152-v1.5, 60192808, 11282415616, 11513626624"})
    void version15HasTheSameParametersAndTorchvisionsMacs(String v1, String v15, long params, long macsV1, long macsV15) {
        ModelSummary a = model(v1, ModelOptions.defaults()).summary();
        ModelSummary b = model(v15, ModelOptions.defaults()).summary();
        assertThat(a.trainableParams()).isEqualTo(params);
        assertThat(b.trainableParams()).isEqualTo(params);
        assertThat(a.macs()).isEqualTo(macsV1);
        assertThat(b.macs()).isEqualTo(macsV15);
        // only the first block of conv3, conv4, conv5 differs: its first 1x1 (cin -> w) now runs at the input's
        // resolution H instead of H/2, i.e. 3/4 * cin * w * H^2 more: 256*128*56^2 = 512*256*28^2 = 1024*512*14^2
        // = 102,760,448, so 3 * 0.75 * 102,760,448 = 231,211,008 (ResNet-50 v1.5: torchvision's 4,089,184,256)
        assertThat(b.macs() - a.macs()).isEqualTo(3 * 77_070_336L);
        Map<String, List<Long>> s = shapes(b);
        assertThat(s.get("conv3_1.conv1")).containsExactly(128L, 56L, 56L);
        assertThat(s.get("conv3_1.conv2")).containsExactly(128L, 28L, 28L);
    }

    @ParameterizedTest
    @CsvSource({"preact-resnet-18, 11687720, 1814073344", "preact-resnet-34, 21795880, 3663761408",
            "preact-resnet-50, 25549352, 4089184256", "preact-resnet-101, 44541480, 7801405440",
            "preact-resnet-152, 60185128, 11513626624"})
    void preActivationImageNetCounts(String name, long params, long macs) {
        // v1 (B) minus the projections' BNs and each block's last BN, plus each block's input BN and the final
        // BN before the pool; e.g. ResNet-50: 25,557,032 - 7,680 = 25,549,352 (timm's resnetv2_50)
        ModelSummary s = model(name, ModelOptions.defaults()).summary();
        assertThat(s.trainableParams()).isEqualTo(params);
        assertThat(s.macs()).isEqualTo(macs);
    }

    @ParameterizedTest
    @CsvSource({"preact-resnet-164, 1703258, 1.7", "preact-resnet-1001, 10327706, 10.3"})
    void preActivationCifarCounts(String name, long params, double millions) {
        // The paper gives 1.7M and 10.2M: its ResNet-1001 figure leaves out the BNs' gamma and beta (149,216 of
        // them; 10,327,706 - 149,216 = 10,178,490, "10.2M"); ResNet-1202's 19.4M in the 2015 paper includes them.
        ModelSummary s = model(name, ModelOptions.defaults()).summary();
        assertThat(s.trainableParams()).isEqualTo(params);
        assertThat(Math.round(params / 1e5) / 10.0).isEqualTo(millions);
        assertThat(s.nonTrainableParams()).isEqualTo(name.endsWith("1001") ? 149_216L : 24_224L);
        if (name.endsWith("1001")) {
            long gammaAndBeta = s.nonTrainableParams(); // running mean + variance: as many as gamma + beta
            assertThat(Math.round((params - gammaAndBeta) / 1e5) / 10.0).isEqualTo(10.2);
        }
    }

    @ParameterizedTest
    @CsvSource({"plain-20, resnet-20, 269722", "plain-32, resnet-32, 464154", "plain-44, resnet-44, 658586",
            "plain-56, resnet-56, 853018", "plain-110, resnet-110, 1727962", "resnet-1202, resnet-1202, 19421274"})
    void cifarPlainNetsCountLikeTheirOptionAResNets(String plain, String residual, long params) {
        // option A's shortcuts have no parameters, so a plain net counts exactly as its ResNet; ResNet-1202 is the
        // paper's 19.4M (section 4.2)
        assertThat(model(plain, ModelOptions.defaults()).summary().trainableParams()).isEqualTo(params);
        assertThat(model(residual, ModelOptions.defaults()).summary().trainableParams()).isEqualTo(params);
    }

    @Test
    void resNet1202BuildsItsGraphQuickly() {
        long start = System.nanoTime();
        ModelSummary s = model("resnet-1202", ModelOptions.defaults()).summary();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20.0);
        assertThat(shapes(s).get("conv4_200")).containsExactly(64L, 8L, 8L);
        // stem 3 + 600 blocks x 7 (2 convs, 2 BNs, 2 ReLUs, the add) + 2 x 3 option-A vertices + avgpool + fc
        assertThat(s.layers()).hasSize(3 + 600 * 7 + 2 * 3 + 2);
        assertThat(Math.round(s.trainableParams() / 1e5) / 10.0).isEqualTo(19.4);
    }

    @Test
    void preActivationUnitsNormaliseBeforeEachConvAndNotAfterTheSum() {
        Map<String, List<Long>> s = shapes(model("preact-resnet-50", ModelOptions.defaults()).summary());
        // the first unit takes the stem's BN-ReLU as its pre-activation; the others have their own
        assertThat(s).doesNotContainKey("conv2_1.preact.bn").containsKeys("conv2_2.preact.bn", "conv3_1.preact.relu",
                "final.bn", "final.relu", "conv3_1.shortcut");
        // projections without BN; the block output is the sum itself (no ReLU), and no BN after a block's last conv
        assertThat(s).doesNotContainKeys("conv3_1.shortcut.bn", "conv3_1.add", "conv3_1.conv3.bn");
        assertThat(s.get("conv3_1.conv2")).containsExactly(128L, 28L, 28L); // stride on the 3x3
        assertThat(s.get("conv3_1.conv1")).containsExactly(128L, 56L, 56L);
        ModelSummary.Row sum = model("preact-resnet-50", ModelOptions.defaults()).summary().layers().stream()
                .filter(r -> r.name().equals("conv3_1")).findFirst().orElseThrow();
        assertThat(sum.type()).isEqualTo("ElementWise");
        assertThatThrownBy(() -> model("preact-resnet-164", ModelOptions.builder().batchNorm(false).build()))
                .hasMessageContaining("preact-resnet-164 is a pre-activation ResNet");
    }

    @Test
    void preActivationNetsRunForward() {
        ModelOptions small = ModelOptions.builder().numClasses(10).input(3, 32, 32).weightInit(WeightInit.ZERO).build();
        for (String name : List.of("preact-resnet-18", "preact-resnet-50")) {
            INDArray out = model(name, small).init().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
            assertThat(out.shape()).as(name).containsExactly(2, 10);
        }
        Nd4j.getRandom().setSeed(2);
        INDArray out = model("preact-resnet-164", ModelOptions.defaults()).init().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        assertThat(out.shape()).containsExactly(2, 10);
        assertThat(out.sum(1).toDoubleVector()).containsExactly(new double[]{1, 1}, within(1e-4));
    }

    @Test
    void imageNetStagesHalveTheMapFrom112To7() {
        Map<String, List<Long>> r18 = shapes(model("resnet-18", ModelOptions.defaults()).summary());
        assertThat(r18.get("conv1.relu")).containsExactly(64L, 112L, 112L);
        assertThat(r18.get("pool1")).containsExactly(64L, 56L, 56L);
        assertThat(r18.get("conv2_2")).containsExactly(64L, 56L, 56L);
        assertThat(r18.get("conv3_2")).containsExactly(128L, 28L, 28L);
        assertThat(r18.get("conv4_2")).containsExactly(256L, 14L, 14L);
        assertThat(r18.get("conv5_2")).containsExactly(512L, 7L, 7L);
        assertThat(r18.get("fc")).containsExactly(1000L);
        Map<String, List<Long>> r50 = shapes(model("resnet-50", ModelOptions.defaults()).summary());
        assertThat(r50.get("conv2_3")).containsExactly(256L, 56L, 56L);
        assertThat(r50.get("conv3_4")).containsExactly(512L, 28L, 28L);
        assertThat(r50.get("conv4_6")).containsExactly(1024L, 14L, 14L);
        assertThat(r50.get("conv5_3")).containsExactly(2048L, 7L, 7L);
        // v1: the stride is on the first 1x1 of the block
        assertThat(r50.get("conv3_1.conv1")).containsExactly(128L, 28L, 28L);
        // option B: projections only where the shape changes (first block of each stage)
        assertThat(r50).containsKeys("conv2_1.shortcut", "conv3_1.shortcut", "conv4_1.shortcut", "conv5_1.shortcut")
                .doesNotContainKeys("conv2_2.shortcut", "conv3_2.shortcut");
        Map<String, List<Long>> plain = shapes(model("plain-34", ModelOptions.defaults()).summary());
        assertThat(plain.keySet()).noneMatch(k -> k.contains("shortcut") || k.endsWith(".add"));
    }

    @Test
    void cifarStagesAre32By16By8() {
        Map<String, List<Long>> r20 = shapes(model("resnet-20", ModelOptions.defaults()).summary());
        assertThat(r20.get("conv2_3")).containsExactly(16L, 32L, 32L);
        assertThat(r20.get("conv3_3")).containsExactly(32L, 16L, 16L);
        assertThat(r20.get("conv4_3")).containsExactly(64L, 8L, 8L);
        assertThat(r20.get("fc")).containsExactly(10L);
    }

    @Test
    void resNet50RunsForwardAt64x64With10Classes() {
        ComputationGraph net = model("resnet-50", ModelOptions.builder().numClasses(10).input(3, 64, 64).build()).init();
        Nd4j.getRandom().setSeed(1);
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64));
        assertThat(out.shape()).containsExactly(2, 10);
        assertThat(out.sum(1).toDoubleVector()).containsExactly(new double[]{1, 1}, within(1e-4));
    }

    @Test
    void everyModelRunsForwardAtAReducedInput() {
        // zero weights: the wiring and shapes are what is tested, without drawing 200M random numbers
        ModelOptions small = ModelOptions.builder().numClasses(10).input(3, 32, 32).weightInit(WeightInit.ZERO).build();
        for (String name : List.of("resnet-18", "resnet-34", "resnet-101", "resnet-152", "plain-18", "plain-34")) {
            INDArray out = model(name, small).init().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
            assertThat(out.shape()).as(name).containsExactly(2, 10);
        }
        for (String name : List.of("resnet-20", "resnet-32", "resnet-44", "resnet-56", "resnet-110")) {
            INDArray out = model(name, ModelOptions.defaults()).init().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
            assertThat(out.shape()).as(name).containsExactly(2, 10);
            assertThat(out.sum(1).getDouble(0)).as(name).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void oneSgdStepLowersTheLoss() {
        ComputationGraph net = model("resnet-20", ModelOptions.builder().seed(7).build()).init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet batch = new DataSet(x, y);
        double before = net.score(batch, true);
        net.fit(batch);
        assertThat(net.score(batch, true)).isLessThan(before);
    }

    @Test
    void optionAAddsNoParametersAndPadsWithZeros() {
        ZooModel r20 = model("resnet-20", ModelOptions.defaults());
        ResNetTable t = ZooConfigs.load("resnet", ResNetTable.class);
        ResNetTable.Model a = t.models().get("resnet-20");
        ResNetTable.Model none = new ResNetTable.Model(a.aliases(), a.paper(), a.year(), a.input(), a.classes(),
                a.stem(), a.version(), a.block(), Shortcut.NONE, a.blocks(), a.widths(), a.strides());
        ResNetFamily plain = new ResNetFamily(new ResNetTable(t.optimizer(), t.stems(), Map.of("resnet-20", none)));
        assertThat(model(plain, "resnet-20", ModelOptions.defaults()).summary().trainableParams())
                .isEqualTo(r20.summary().trainableParams()).isEqualTo(269_722L);

        ComputationGraph net = r20.init();
        Nd4j.getRandom().setSeed(5);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), false);
        INDArray in = acts.get("conv2_3");              // 16 x 32 x 32
        INDArray shortcut = acts.get("conv3_1.shortcut"); // 32 x 16 x 16
        assertThat(shortcut.shape()).containsExactly(2, 32, 16, 16);
        INDArray subsampled = in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 32),
                NDArrayIndex.interval(0, 2, 32));
        assertThat(shortcut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 16)).equalsWithEps(subsampled, 0)).isTrue();
        INDArray padded = shortcut.get(NDArrayIndex.all(), NDArrayIndex.interval(16, 32));
        assertThat(padded.amaxNumber().doubleValue()).isZero();
        assertThat(in.amaxNumber().doubleValue()).isPositive();
    }

    private static TrackedGraph graph(int c, int h, int w) {
        return new TrackedGraph(new NeuralNetConfiguration.Builder(), "input", new FeatureShape(c, h, w), "test", "test");
    }

    private static long trainable(TrackedGraph g, String out) {
        g.output("out", g.globalAvgPool("gap", out), 2, org.nd4j.linalg.activations.Activation.SOFTMAX,
                new org.nd4j.linalg.lossfunctions.impl.LossMCXENT());
        FeatureShape in = g.shape("input");
        ModelSummary s = ModelSummary.of("block", g.build(),
                org.deeplearning4j.nn.conf.inputs.InputType.convolutional(in.height(), in.width(), in.channels()));
        return s.trainableParams() - (s.layers().get(s.layers().size() - 1).trainableParams());
    }

    @Test
    void basicBlockShapesAndShortcutOptions() {
        TrackedGraph g = graph(64, 56, 56);
        String same = BasicBlock.add(g, "b1", "input", 64, 1, Shortcut.B, true);
        assertThat(same).isEqualTo("b1");
        assertThat(g.shape(same)).isEqualTo(new FeatureShape(64, 56, 56));
        String down = BasicBlock.add(g, "b2", same, 128, 2, Shortcut.B, true);
        assertThat(g.shape(down)).isEqualTo(new FeatureShape(128, 28, 28));
        assertThat(g.shape("b2.shortcut.bn")).isEqualTo(new FeatureShape(128, 28, 28));
        // two 3x3 convs + 2 BN, and the 1x1 projection + BN of the downsampling block
        long b1 = 2 * (64 * 64 * 9 + 2 * 64);
        long b2 = 64 * 128 * 9 + 2 * 128 + 128 * 128 * 9 + 2 * 128 + 64 * 128 + 2 * 128;
        assertThat(trainable(g, down)).isEqualTo(b1 + b2);

        TrackedGraph ga = graph(16, 32, 32);
        String a = BasicBlock.add(ga, "a", "input", 32, 2, Shortcut.A, true);
        assertThat(ga.shape(a)).isEqualTo(new FeatureShape(32, 16, 16));
        assertThat(trainable(ga, a)).isEqualTo(16 * 32 * 9 + 2 * 32 + 32 * 32 * 9 + 2 * 32);

        TrackedGraph gc = graph(64, 8, 8);
        BasicBlock.add(gc, "c", "input", 64, 1, Shortcut.C, true);
        assertThat(trainable(gc, "c")).isEqualTo(2 * (64 * 64 * 9 + 2 * 64) + 64 * 64 + 2 * 64);
    }

    @Test
    void bottleneckExpandsFourTimesAndStridesOnTheFirst1x1() {
        TrackedGraph g = graph(256, 56, 56);
        String out = Bottleneck.add(g, "b", "input", 128, 2, Shortcut.B, true);
        assertThat(g.shape("b.conv1")).isEqualTo(new FeatureShape(128, 28, 28));
        assertThat(g.shape("b.conv2")).isEqualTo(new FeatureShape(128, 28, 28));
        assertThat(g.shape(out)).isEqualTo(new FeatureShape(512, 28, 28));
        long expected = 256 * 128 + 256 + 128 * 128 * 9 + 256 + 128 * 512 + 1024 + 256 * 512 + 1024;
        assertThat(trainable(g, out)).isEqualTo(expected);
    }

    @Test
    void withoutBatchNormTheConvolutionsGetBiases() {
        ZooModel noBn = model("resnet-20", ModelOptions.builder().batchNorm(false).build());
        assertThat(noBn.configuration().getVertices().values()).noneMatch(v -> v instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof BatchNormalization);
        // each BN's gamma and beta (2 per channel, 688 channels) become one conv bias per channel
        assertThat(noBn.summary().trainableParams()).isEqualTo(269_722L - 688);
        ConvolutionLayer conv1 = (ConvolutionLayer) ((LayerVertex) model("resnet-20", ModelOptions.defaults())
                .configuration().getVertices().get("conv1")).getLayerConf().getLayer();
        assertThat(conv1.hasBias()).isFalse();
    }

    @Test
    void heNormalInitialisation() {
        ComputationGraph net = model("resnet-20", ModelOptions.defaults()).init();
        INDArray w = net.getLayer("conv4_2.conv1").getParam("W"); // 64 x 64 x 3 x 3, fan-in 576
        assertThat(w.stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / 576), within(0.03 * Math.sqrt(2.0 / 576)));
        INDArray gamma = net.getLayer("conv4_2.conv1.bn").getParam("gamma");
        assertThat(gamma.minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(net.getLayer("conv4_2.conv1.bn").getParam("beta").amaxNumber().doubleValue()).isZero();
        // the caller's initialisation replaces the paper's: Xavier, N(0, 2 / (fan-in + fan-out))
        ComputationGraph xavier = model("resnet-20", ModelOptions.builder().weightInit(WeightInit.XAVIER).build()).init();
        double std = Math.sqrt(2.0 / (576 + 576));
        assertThat(xavier.getLayer("conv4_2.conv1").getParam("W").stdNumber().doubleValue()).isCloseTo(std, within(0.03 * std));
    }

    private static final String ROW = """
            optimizer: {learningRate: 0.1, momentum: 0.9, weightDecay: 0.0001}
            stems:
              cifar: {width: 16, kernel: 3, stride: 1, padding: 1, maxPool: false}
            models:
              tiny:
                aliases: []
                paper: test
                year: 2015
                input: {channels: 3, height: 32, width: 32}
                classes: 10
                stem: %s
                block: %s
                shortcut: A
                blocks: [1, 1]
                widths: [%s, 32]
                strides: [1, 2]
                version: v1
            """;

    private static ResNetTable parse(String stem, String block, String width) {
        return ZooConfigs.parse("zoo-configs/resnet.yaml", ROW.formatted(stem, block, width), ResNetTable.class);
    }

    @Test
    void badTablesAreRejectedNamingFileLineAndKey() {
        assertThat(parse("cifar", "basic", "16").models()).containsKey("tiny");
        assertThatThrownBy(() -> parse("cifar", "bottlenek", "16"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/resnet.yaml, line 12")
                .hasMessageContaining("models.tiny.block")
                .hasMessageContaining("unknown block type 'bottlenek'; expected one of: basic, bottleneck");
        assertThatThrownBy(() -> parse("cifar", "basic", "-16"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/resnet.yaml")
                .hasMessageContaining("models.tiny")
                .hasMessageContaining("widths[0] must be positive, got -16");
        assertThatThrownBy(() -> parse("imagenet", "basic", "16"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models.tiny.stem: unknown stem 'imagenet'; the table defines: cifar");
    }

    @Test
    void registeredInTheZoo() {
        assertThat(Zoo.info("resnet50").name()).isEqualTo("resnet-50");
        assertThat(Zoo.get("resnet-110").summary().trainableParams()).isEqualTo(1_727_962L);
    }
}
