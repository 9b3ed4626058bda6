package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlexNetTest {

    private static Map<String, ModelSummary.Row> rows(ModelSummary s) {
        return s.layers().stream().collect(Collectors.toMap(ModelSummary.Row::name, Function.identity()));
    }

    @Test
    void twoTowerAlexNetHasThePapersCountsAndShapes() {
        ModelSummary s = Zoo.get("alexnet").summary();
        assertThat(s.trainableParams()).isEqualTo(60_965_224L);
        assertThat(s.nonTrainableParams()).isZero();
        // 105,415,200 + 223,948,800 + 149,520,384 + 112,140,288 + 74,760,192 + 58,621,952
        assertThat(s.macs()).isEqualTo(724_406_816L);
        Map<String, ModelSummary.Row> r = rows(s);
        assertThat(r.get("conv1a").outputShape()).containsExactly(48L, 55L, 55L);
        assertThat(r.get("pool1b").outputShape()).containsExactly(48L, 27L, 27L);
        assertThat(r.get("conv2a").outputShape()).containsExactly(128L, 27L, 27L);
        assertThat(r.get("pool2a").outputShape()).containsExactly(128L, 13L, 13L);
        assertThat(r.get("conv3_in").outputShape()).containsExactly(256L, 13L, 13L);
        assertThat(r.get("conv3a").outputShape()).containsExactly(192L, 13L, 13L);
        assertThat(r.get("conv4b").outputShape()).containsExactly(192L, 13L, 13L);
        assertThat(r.get("conv5a").outputShape()).containsExactly(128L, 13L, 13L);
        assertThat(r.get("features").outputShape()).containsExactly(256L, 6L, 6L);
        assertThat(r.get("fc6").outputShape()).containsExactly(4096L);
        assertThat(r.get("fc8").outputShape()).containsExactly(1000L);
        // per-tower layers: conv2 sees 48 maps, conv3 all 256
        assertThat(r.get("conv2a").trainableParams()).isEqualTo(5 * 5 * 48 * 128 + 128);
        assertThat(r.get("conv3b").trainableParams()).isEqualTo(3 * 3 * 256 * 192 + 192);
        assertThat(r.get("conv4a").trainableParams()).isEqualTo(3 * 3 * 192 * 192 + 192);
        assertThat(r.get("lrn1a").type()).isEqualTo("LRN");
        assertThat(r.get("drop_fc7").type()).isEqualTo("Dropout");
        assertThat(r).doesNotContainKey("drop_fc6");
    }

    @Test
    void papersInitialisationBiasOneInConv2Conv4Conv5AndTheHiddenFcZeroInTheOutputLayer() {
        // section 5: biases 1 in conv2, conv4, conv5 and the hidden fully connected layers, 0 in the remaining
        // layers (conv1, conv3 and the output layer fc8)
        var conf = Zoo.get("alexnet").configuration();
        Map<String, Double> bias = new java.util.HashMap<>();
        for (String name : List.of("conv1a", "conv2a", "conv3a", "conv4b", "conv5b", "fc6", "fc7", "fc8")) {
            var layer = (org.deeplearning4j.nn.conf.layers.BaseLayer)
                    ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
            bias.put(name, layer.getBiasInit());
            assertThat(layer.getWeightInitFn()).as(name).isEqualTo(new org.deeplearning4j.nn.weights.WeightInitDistribution(
                    new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0, 0.01)));
        }
        assertThat(bias).containsEntry("conv1a", 0.0).containsEntry("conv2a", 1.0).containsEntry("conv3a", 0.0)
                .containsEntry("conv4b", 1.0).containsEntry("conv5b", 1.0).containsEntry("fc6", 1.0)
                .containsEntry("fc7", 1.0).containsEntry("fc8", 0.0);
    }

    @Test
    void lrnUsesThePapersConstants() {
        var conf = Zoo.get("alexnet").configuration();
        var lrn = (org.deeplearning4j.nn.conf.layers.LocalResponseNormalization)
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("lrn2b")).getLayerConf().getLayer();
        assertThat(List.of(lrn.getK(), lrn.getN(), lrn.getAlpha(), lrn.getBeta())).containsExactly(2.0, 5.0, 1e-4, 0.75);
    }

    @Test
    void oneWeirdTrickVariantMatchesTorchvision() {
        ModelSummary s = Zoo.get("alexnet-owt").summary();
        assertThat(s.trainableParams()).isEqualTo(61_100_840L);
        assertThat(s.macs()).isEqualTo(714_188_480L);
        Map<String, ModelSummary.Row> r = rows(s);
        assertThat(r.get("conv1").outputShape()).containsExactly(64L, 55L, 55L);
        assertThat(r.get("pool2").outputShape()).containsExactly(192L, 13L, 13L);
        assertThat(r.get("pool5").outputShape()).containsExactly(256L, 6L, 6L);
        assertThat(r).containsKeys("drop_fc6", "drop_fc7").doesNotContainKey("drop_fc8");
    }

    @Test
    void realNetworkAtFullSizeAgreesWithTheSummaryAndRuns() {
        ZooModel model = Zoo.get("alexnet");
        ComputationGraph net = model.init();
        assertThat(net.numParams()).isEqualTo(model.summary().totalParams()).isEqualTo(60_965_224L);
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 227, 227));
        assertThat(out.shape()).containsExactly(1, 1000);
    }

    @Test
    void tooSmallInputNamesTheLayer() {
        assertThatThrownBy(() -> Zoo.get("alexnet", ModelOptions.builder().input(3, 64, 64).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/alexnet.yaml, key 'models.alexnet.conv[4]'")
                .hasMessageContaining("shrinks to nothing at layer 'pool5a'")
                .hasMessageContaining("input is 128x2x2 but its max pooling window is 3x3");
    }

    @Test
    void filtersThatDoNotSplitOverTheTowersAreRejected() throws Exception {
        String yaml = new String(AlexNetTest.class.getClassLoader().getResourceAsStream("zoo-configs/alexnet.yaml").readAllBytes())
                .replace("filters: 384, kernel: 3,  stride: 1, padding: 1, input: own", "filters: 385, kernel: 3,  stride: 1, padding: 1, input: own")
                .replace("input: all, lrn: true,  pool: true,  bias: 0}", "input: any, lrn: true,  pool: true,  bias: 0}");
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("alexnet", yaml, AlexNetFamily::table))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alexnet.yaml, key 'models.alexnet.conv[0].input': expected 'all' or 'own', got 'any'");
    }
}
