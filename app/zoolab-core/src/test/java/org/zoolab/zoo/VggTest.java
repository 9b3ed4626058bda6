package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

class VggTest {

    @ParameterizedTest(name = "{0}: {1} trainable, {2} BN statistics")
    @CsvSource({
            "vgg-a,     132863336, 0",
            "vgg-a-lrn, 132863336, 0",
            "vgg-b,     133047848, 0",
            "vgg-c,     133638952, 0",
            "vgg-d,     138357544, 0",
            "vgg-e,     143667240, 0",
            // BN: 2 trainable (gamma, beta) + 2 running statistics per conv channel
            "vgg-a-bn,  132868840, 5504",
            "vgg-b-bn,  133053736, 5888",
            "vgg-d-bn,  138365992, 8448",
            "vgg-e-bn,  143678248, 11008",
    })
    void exactParameterCounts(String name, long trainable, long statistics) {
        ModelSummary s = Zoo.get(name).summary();
        assertThat(s.trainableParams()).isEqualTo(trainable);
        assertThat(s.nonTrainableParams()).isEqualTo(statistics);
    }

    @ParameterizedTest(name = "{0}: {1} G MACs")
    @CsvSource({"vgg-a, 7.609", "vgg-a-lrn, 7.609", "vgg-b, 11.308", "vgg-c, 11.77", "vgg-d, 15.47", "vgg-e, 19.632",
            "vgg-d-bn, 15.47"})
    void macsMatchThePublishedFigures(String name, double gmacs) {
        assertThat(Zoo.get(name).summary().macs() / 1e9).isCloseTo(gmacs, withPercentage(0.5));
    }

    @Test
    void exactMacsOfD() {
        // sum over conv layers of 9*cin*cout*h*w + 25088*4096 + 4096*4096 + 4096*1000
        assertThat(Zoo.get("vgg16").summary().macs()).isEqualTo(15_470_264_320L);
    }

    @Test
    void stageShapesAt224() {
        Map<String, ModelSummary.Row> r = Zoo.get("vgg-e").summary().layers().stream()
                .collect(Collectors.toMap(ModelSummary.Row::name, Function.identity()));
        assertThat(r.get("conv1_2").outputShape()).containsExactly(64L, 224L, 224L);
        assertThat(r.get("pool1").outputShape()).containsExactly(64L, 112L, 112L);
        assertThat(r.get("pool2").outputShape()).containsExactly(128L, 56L, 56L);
        assertThat(r.get("conv3_4").outputShape()).containsExactly(256L, 56L, 56L);
        assertThat(r.get("pool3").outputShape()).containsExactly(256L, 28L, 28L);
        assertThat(r.get("pool4").outputShape()).containsExactly(512L, 14L, 14L);
        assertThat(r.get("conv5_4").outputShape()).containsExactly(512L, 14L, 14L);
        assertThat(r.get("pool5").outputShape()).containsExactly(512L, 7L, 7L);
        assertThat(r.get("fc6").trainableParams()).isEqualTo(25088L * 4096 + 4096);
        assertThat(r.get("fc8").outputShape()).containsExactly(1000L);
    }

    @Test
    void columnCHasOneByOneConvolutionsAndALrnItsLrn() {
        List<ModelSummary.Row> c = Zoo.get("vgg-c").summary().layers();
        assertThat(c).filteredOn(row -> row.name().equals("conv3_3")).singleElement()
                .satisfies(row -> {
                    assertThat(row.type()).startsWith("Conv 1x1/1");
                    assertThat(row.trainableParams()).isEqualTo(256 * 256 + 256);
                    assertThat(row.outputShape()).containsExactly(256L, 56L, 56L);
                });
        List<String> names = Zoo.get("vgg-a-lrn").summary().layers().stream().map(ModelSummary.Row::name).toList();
        assertThat(names.subList(0, 3)).containsExactly("conv1_1", "lrn1", "pool1");
    }

    @Test
    void batchNormVariantIsConvBnReluAndTheOptionSwitchesIt() {
        List<String> names = Zoo.get("vgg11_bn").summary().layers().stream().map(ModelSummary.Row::name).toList();
        assertThat(names.subList(0, 4)).containsExactly("conv1_1", "bn1_1", "relu1_1", "pool1");
        assertThat(Zoo.get("vgg-d", ModelOptions.builder().batchNorm(true).build()).summary().trainableParams())
                .isEqualTo(138_365_992L);
        assertThat(Zoo.get("vgg-d-bn", ModelOptions.builder().batchNorm(false).build()).summary().trainableParams())
                .isEqualTo(138_357_544L);
    }

    @Test
    void aliasesAndInitialisation() {
        assertThat(List.of("vgg11", "vgg13", "vgg16", "vgg19").stream().map(a -> Zoo.info(a).name()))
                .containsExactly("vgg-a", "vgg-b", "vgg-d", "vgg-e");
        var a = (org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                Zoo.get("vgg-a").configuration().getVertices().get("conv1_1")).getLayerConf().getLayer();
        assertThat(a.getWeightInitFn()).isEqualTo(new org.deeplearning4j.nn.weights.WeightInitDistribution(
                new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0, 0.01)));
        var d = (org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                Zoo.get("vgg-d").configuration().getVertices().get("conv5_3")).getLayerConf().getLayer();
        assertThat(d.getWeightInitFn()).isInstanceOf(org.deeplearning4j.nn.weights.WeightInitXavierUniform.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgg-a", "vgg-a-lrn", "vgg-b", "vgg-c", "vgg-d", "vgg-e",
            "vgg-a-bn", "vgg-b-bn", "vgg-d-bn", "vgg-e-bn"})
    void forwardPassAt32x32With10Classes(String name) {
        ZooModel model = Zoo.get(name, ModelOptions.builder().input(3, 32, 32).numClasses(10).build());
        ComputationGraph net = model.init();
        assertThat(net.numParams()).isEqualTo(model.summary().totalParams());
        assertThat(net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32)).shape()).containsExactly(2, 10);
    }

    @Test
    void inputBelow32ShrinksToZeroAtTheLastPool() {
        assertThatThrownBy(() -> Zoo.get("vgg-a", ModelOptions.builder().input(3, 16, 16).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/vgg.yaml, key 'columns.A.layers[12]'")
                .hasMessageContaining("shrinks to nothing at layer 'pool5': its input is 512x1x1");
    }

    @Test
    void badColumnsAreRejectedNamingTheKey() throws Exception {
        String yaml = new String(VggTest.class.getClassLoader().getResourceAsStream("zoo-configs/vgg.yaml").readAllBytes());
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("vgg",
                yaml.replaceFirst("conv3-128, maxpool", "conv3--128, maxpool"), VggFamily::table))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo-configs/vgg.yaml, key 'columns.A.layers[2]': layer 'conv3--128': width must be a positive integer, got -128");
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("vgg",
                yaml.replaceFirst("conv3-128, maxpool", "conv3-128, pool"), VggFamily::table))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zoo-configs/vgg.yaml, key 'columns.A.layers[3]': unknown layer kind 'pool'; expected convK-N");
        assertThatThrownBy(() -> ClassicFamiliesTest.withConfigDir("vgg",
                yaml.replace("fc: [4096, 4096]", "fc: [4096, -1]"), VggFamily::table))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo-configs/vgg.yaml, key 'fc[1]': width must be a positive integer, got -1");
    }
}
