package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerativeFamiliesTest {
    private static final ModelOptions MNIST = ModelOptions.builder().seed(1).input(1, 28, 28).build();

    /** A one-model gan.yaml with the given generator and discriminator layer lists. */
    private static String ganTable(String generatorLayers, String discriminatorLayers) {
        return """
                models:
                  - name: g
                    aliases: []
                    year: 2014
                    paper: p
                    noise: {size: 100, distribution: normal}
                    generator: {hidden: relu, output: tanh, layers: %s}
                    discriminator: {hidden: leakyrelu, layers: %s}
                    init: {distribution: normal, scale: 0.02}
                    training: {learningRate: 0.0002, beta1: 0.5, batch: 64, epochs: 1}
                """.formatted(generatorLayers, discriminatorLayers);
    }

    private static long params(org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf) {
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g.numParams();
    }

    @Test
    void registeredNames() {
        assertThat(Zoo.names()).contains("vae", "vae-2d", "gan", "dcgan");
        assertThat(Zoo.info("vae-mnist").name()).isEqualTo("vae");
        assertThat(Zoo.info("goodfellow-gan").name()).isEqualTo("gan");
        assertThat(Zoo.info("dcgan").inputShape()).isEqualTo("1,28,28");
        assertThat(Zoo.info("vae").family()).isEqualTo("vae");
        assertThat(Zoo.info("dcgan").family()).isEqualTo("gan");
    }

    @Test
    void vaeHasKingmaAndWellingsSizes() {
        ModelInfo vae = Zoo.info("vae");
        assertThat(VaeFamily.latent(vae)).isEqualTo(20);
        assertThat(VaeFamily.latent(Zoo.info("vae-2d"))).isEqualTo(2);
        // encoder 784*500 + 500 + 500*40 + 40; decoder 20*500 + 500 + 500*784 + 784
        assertThat(params(VaeFamily.encoder(vae, MNIST, 1e-3))).isEqualTo(412_540L);
        assertThat(params(VaeFamily.decoder(vae, MNIST, 1e-3))).isEqualTo(403_284L);
        ComputationGraph both = Zoo.get("vae").init();
        assertThat(both.numParams()).isEqualTo(412_540L + 403_284L);
        INDArray[] out = both.output(Nd4j.rand(3, 1, 28, 28), Nd4j.rand(3, 20));
        assertThat(out[0].shape()).containsExactly(3, 40);
        assertThat(out[1].shape()).containsExactly(3, 784);
    }

    @Test
    void mlpGanHasGoodfellowsWidths() {
        ModelInfo gan = Zoo.info("gan");
        // G: 100*1200+1200 + 1200*1200+1200 + 1200*784+784
        // D: maxout 240x5 on 784 inputs (784*1200+1200), maxout 240x5 on 240 (240*1200+1200), sigmoid unit 240+1
        assertThat(params(GanFamily.generator(gan, MNIST, 2e-4))).isEqualTo(2_503_984L);
        assertThat(params(GanFamily.discriminator(gan, MNIST, 2e-4))).isEqualTo(942_000L + 289_200L + 241L);
        ComputationGraph stacked = Zoo.get("gan").init();
        assertThat(stacked.numParams()).isEqualTo(2_503_984L + 1_231_441L);
        assertThat(stacked.outputSingle(Nd4j.rand(4, 100)).shape()).containsExactly(4, 1);
    }

    @Test
    void maxoutUnitIsTheLargestOfItsFivePieces() {
        ComputationGraph d = new ComputationGraph(GanFamily.discriminator(Zoo.info("gan"), MNIST, 2e-4));
        d.init();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
        var acts = d.feedForward(new INDArray[]{x}, false, false);
        INDArray pieces = acts.get("d1");     // [3, 1200]: the linear pieces
        INDArray units = acts.get("d1-max");  // 240 maxout units per image
        assertThat(pieces.shape()).containsExactly(3, 1200);
        assertThat(units.length()).isEqualTo(3 * 240);
        INDArray flat = units.reshape('c', 3, 240);
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 240; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 5; k++) max = Math.max(max, pieces.getDouble(b, 5 * i + k));
                assertThat(flat.getDouble(b, i)).isEqualTo(max);
            }
        }
        // a different piece wins for different units: the max is taken per unit, not over the layer
        assertThat(flat.getDouble(0, 0)).isNotEqualTo(flat.getDouble(0, 1));
        assertThat(d.outputSingle(x).shape()).containsExactly(3, 1);
    }

    @Test
    void maxoutNeedsTwoPiecesAndCannotBeTheOutput() {
        assertThatThrownBy(() -> LayerToken.parse("maxout-240x1", LayerToken.Notation.STRIDED)).hasMessageContaining("at least 2 pieces");
        String bad = ganTable("[fc-784]", "[fc-10, maxout-1x2]");
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/gan.yaml", bad, GanFamily.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be fc, conv or deconv, not maxout");
    }

    @Test
    void dcganFollowsRadfordsGuidelines() {
        ModelInfo dcgan = Zoo.info("dcgan");
        // G: fc 100*6272 (no bias: BN follows) + BN 4*6272, deconv 128*64*16 + BN 4*64, deconv 64*16 + 1 bias
        assertThat(params(GanFamily.generator(dcgan, MNIST, 2e-4))).isEqualTo(627_200L + 25_088L + 131_072L + 256L + 1_025L);
        // D: conv 16*64 + 64 (no BN on the input layer), conv 64*128*16 + BN 4*128, fc 6272 + 1
        assertThat(params(GanFamily.discriminator(dcgan, MNIST, 2e-4))).isEqualTo(1_088L + 131_072L + 512L + 6_273L);
        var g = GanFamily.generator(dcgan, MNIST, 2e-4);
        assertThat(g.getVertices()).containsKeys("g1", "g1-bn", "g1-act", "g2", "g2-bn", "g2-act", "g3").doesNotContainKey("g3-bn");
        var d = GanFamily.discriminator(dcgan, MNIST, 2e-4);
        assertThat(d.getVertices()).containsKeys("d1", "d2", "d2-bn", "d2-act", "d3").doesNotContainKey("d1-bn");
        ComputationGraph gen = new ComputationGraph(g);
        gen.init();
        assertThat(gen.outputSingle(Nd4j.rand(2, 100)).shape()).containsExactly(2, 1, 28, 28);
        var adam = (org.nd4j.linalg.learning.config.Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer)
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) d.getVertices().get("d1")).getLayerConf().getLayer()).getIUpdater();
        assertThat(adam.getLearningRate()).isEqualTo(2e-4);
        assertThat(adam.getBeta1()).isEqualTo(0.5);
    }

    /**
     * Radford et al.: ReLU after every batch-normalised generator layer, leaky ReLU (0.2) after the discriminator's.
     * DL4J 1.0.0-M2.1's batch-norm layer ignores its own activation (pinned below), so the nonlinearity must be a
     * layer of its own after it: without it the DCGAN's generator would be linear up to its tanh.
     */
    @Test
    void dcganBatchNormIsFollowedByItsNonlinearity() {
        ModelInfo dcgan = Zoo.info("dcgan");
        ComputationGraph gen = new ComputationGraph(GanFamily.generator(dcgan, MNIST, 2e-4));
        gen.init();
        // training mode: in inference DL4J's activation layer works in place on its input array
        var acts = gen.feedForward(new INDArray[]{Nd4j.randn(8, 100)}, true);
        assertThat(acts.get("g1-bn").minNumber().doubleValue()).isLessThan(0.0);
        assertThat(acts.get("g1-act").minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(acts.get("g2-act").minNumber().doubleValue()).isEqualTo(0.0);
        ComputationGraph dis = new ComputationGraph(GanFamily.discriminator(dcgan, MNIST, 2e-4));
        dis.init();
        var dActs = dis.feedForward(new INDArray[]{Nd4j.rand(8, 1, 28, 28).muli(2).subi(1)}, true);
        INDArray bn = dActs.get("d2-bn");
        INDArray leaky = dActs.get("d2-act");
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.leakyRelu(bn.dup(), 0.2);
        assertThat(leaky.equalsWithEps(expected, 1e-6)).isTrue();
        assertThat(bn.minNumber().doubleValue()).isLessThan(0.0);
    }

    /** The DL4J fact the families build around: a BatchNormalization layer's configured activation is not applied. */
    @Test
    void dl4jBatchNormIgnoresItsActivation() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("bn", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder()
                        .nIn(4).nOut(4).activation(org.nd4j.linalg.activations.Activation.RELU).build(), "in")
                .setOutputs("bn").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray out = net.outputSingle(false, Nd4j.createFromArray(new float[][]{{-1, -2, 3, 4}, {1, 2, -3, -4}}));
        assertThat(out.minNumber().doubleValue()).as("if DL4J starts applying it, GanFamily's extra activation "
                + "layers apply the nonlinearity twice (harmless for ReLU, not for leaky ReLU)").isLessThan(0.0);
    }

    @Test
    void badTokensAndActivationsNameTheFieldAndWhatWasExpected() {
        String bad = ganTable("[fc-784, pool2]", "[fc-1]");
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/gan.yaml", bad, GanFamily.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/gan.yaml")
                .hasMessageContaining("generator")
                .hasMessageContaining("unknown layer 'pool2'");
        String badVae = """
                paper: p
                year: 2014
                input: {channels: 1, height: 28, width: 28}
                models: [{name: v, aliases: [], latent: 2}]
                hidden: [500]
                activation: softsign
                decoder: bernoulli
                init: {distribution: normal, scale: 0.01}
                training: {optimizer: adam, learningRate: 0.001, batch: 100, epochs: 1}
                """;
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/vae.yaml", badVae, VaeFamily.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/vae.yaml")
                .hasMessageContaining("activation must be 'tanh' or 'relu', got 'softsign'");
    }

    @Test
    void generatorOutputMustMatchTheImages() {
        ModelOptions cifar = ModelOptions.builder().input(3, 32, 32).build();
        assertThatThrownBy(() -> GanFamily.generator(Zoo.info("gan"), cifar, 2e-4))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gan.generator.layers")
                .hasMessageContaining("the generator's output is 784 units but the images are 3x32x32");
    }

    /** Builds G, D and the stacked net of a one-model gan.yaml; returns the error message, or "built". */
    private static String buildError(String generatorLayers, String discriminatorLayers) throws Exception {
        ModelInfo info = new ModelInfo("g", List.of(), "gan", 2014, "p", 1, 28, 28, 0);
        try {
            return ClassicFamiliesTest.withConfigDir("gan", ganTable(generatorLayers, discriminatorLayers), () -> {
                GanFamily.generator(info, MNIST, 2e-4);
                GanFamily.discriminator(info, MNIST, 2e-4);
                new GanFamily().configure(info, MNIST);
                return "built";
            });
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void tableMistakesNameTheLayerAndWhatWasExpected() throws Exception {
        assertThat(buildError("[fc-6272, reshape-128x7x7, deconv4-64-s2, deconv4-1-s2]", "[conv4-64-s2, fc-1]"))
                .isEqualTo("built");
        assertThat(buildError("[fc-784]", "[fc-10, conv4-8-s2, fc-1]")).isEqualTo("zoo-configs/gan.yaml, key "
                + "'g.discriminator.layers[1] 'conv4-8-s2'': needs feature maps as input, got 10 units (add reshape-CxHxW before it)");
        assertThat(buildError("[fc-100, reshape-1x28x28, fc-784]", "[fc-1]")).isEqualTo("zoo-configs/gan.yaml, key "
                + "'g.generator.layers[1] 'reshape-1x28x28'': cannot reshape 100 units to 1x28x28");
        assertThat(buildError("[fc-784]", "[maxout-10x5, reshape-1x10x1, conv1-2-s1, fc-1]")).isEqualTo("zoo-configs/gan.yaml, key "
                + "'g.discriminator.layers[1] 'reshape-1x10x1'': cannot reshape 1x10x1 maps to 1x10x1");
        assertThat(buildError("[fc-784]", "[fc-2]")).isEqualTo("zoo-configs/gan.yaml, key 'g.discriminator.layers': "
                + "the discriminator must end in one unit (fc-1), got 2 units");
        assertThat(buildError("[fc-6272, reshape-128x7x7, deconv4-64-s2, deconv4-3-s2]", "[fc-1]")).isEqualTo(
                "zoo-configs/gan.yaml, key 'g.generator.layers': the generator's output is 3x28x28 maps but the images are 1x28x28");
        // 28 -> 14 -> 7 -> 3 -> 1 -> nothing: named, not a DL4J stack trace
        assertThat(buildError("[fc-784]", "[conv4-8-s2, conv4-8-s2, conv4-8-s2, conv4-8-s2, conv4-8-s2, fc-1]"))
                .isEqualTo("zoo-configs/gan.yaml, key 'g.discriminator.layers[4] 'conv4-8-s2'': the feature map shrinks to "
                        + "nothing at layer 'd5': its input is 8x1x1 but its convolution window is 4x4 (stride 2, padding 1); "
                        + "use a larger input or a shallower table");
        String layers = "zoo-configs/gan.yaml, line 8, key 'models[0].discriminator': ";
        assertThat(buildError("[fc-784]", "[fc-10, dropout-0.5]")).isEqualTo(layers
                + "layers: the last layer must be fc, conv or deconv (the output layer), got 'dropout-0.5'");
        assertThat(buildError("[fc-784]", "[conv5-8-s2, fc-1]")).isEqualTo(layers
                + "layer 'conv5-8-s2': kernel minus stride must be even and not negative (padding is (K - S) / 2)");
        assertThat(buildError("[fc-784]", "[fc-0]")).isEqualTo(layers + "layer 'fc-0': width must be a positive integer, got 0");
        assertThat(buildError("[fc-784]", "[dropout-0.0, fc-1]")).isEqualTo(layers
                + "layer 'dropout-0.0': the keep probability must be in (0, 1]");
        // VGG's notation is not the GANs': no unstrided convolutions, no pooling
        String strided = "; expected fc-N[-bn], maxout-NxK, convK-N-sS[-bn], deconvK-N-sS[-bn], reshape-CxHxW or dropout-P";
        assertThat(buildError("[fc-784]", "[conv3-8, fc-1]")).isEqualTo(layers + "unknown layer 'conv3-8'" + strided);
        assertThat(buildError("[fc-784]", "[maxpool, fc-1]")).isEqualTo(layers + "unknown layer 'maxpool'" + strided);
        assertThat(buildError("[fc-784-bn]", "[fc-1]")).isEqualTo("zoo-configs/gan.yaml, line 7, key 'models[0].generator': "
                + "layers: the output layer 'fc-784-bn' must not have batch norm");
    }
}
