package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeNet5Test {

    @Test
    void registeredUnderItsNameAndAliases() {
        assertThat(Zoo.names()).contains("lenet5");
        assertThat(Zoo.info("LeNet-5").name()).isEqualTo("lenet5");
        assertThat(Zoo.info("lenet5").inputShape()).isEqualTo("1,32,32");
    }

    @Test
    void realNetworkHasThePapersParameterCountAndForwardPasses() {
        ComputationGraph net = Zoo.get("lenet5").init();
        assertThat(net.numParams()).isEqualTo(61_706L);
        INDArray out = net.outputSingle(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 32, 32));
        assertThat(out.shape()).containsExactly(3, 10);
        assertThat(out.sum(1).getDouble(0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void summaryCountsEveryLayerFromTheConfiguration() {
        ModelSummary s = Zoo.get("lenet5").summary();
        assertThat(s.layers()).extracting(ModelSummary.Row::name)
                .containsExactly("c1", "s2", "c3", "s4", "c5", "f6", "output");
        assertThat(s.layers()).extracting(ModelSummary.Row::outputShape).containsExactly(
                List.of(6L, 28L, 28L), List.of(6L, 14L, 14L), List.of(16L, 10L, 10L), List.of(16L, 5L, 5L),
                List.of(120L, 1L, 1L), List.of(84L), List.of(10L));
        assertThat(s.layers()).extracting(ModelSummary.Row::trainableParams)
                .containsExactly(156L, 0L, 2_416L, 0L, 48_120L, 10_164L, 850L);
        // 25*1*6*28*28, 25*6*16*10*10, 25*16*120, 120*84, 84*10
        assertThat(s.layers()).extracting(ModelSummary.Row::macs)
                .containsExactly(117_600L, 0L, 240_000L, 0L, 48_000L, 10_080L, 840L);
        assertThat(s.trainableParams()).isEqualTo(61_706L);
        assertThat(s.nonTrainableParams()).isZero();
        assertThat(s.macs()).isEqualTo(416_520L);
        assertThat(s.input()).containsExactly(1L, 32L, 32L);
    }

    @Test
    void numClassesAndInputOptionsAreHonoured() {
        ModelSummary s = Zoo.get("lenet5", ModelOptions.builder().numClasses(3).input(3, 36, 36).build()).summary();
        assertThat(s.layers().get(0).outputShape()).containsExactly(6L, 32L, 32L);
        assertThat(s.layers().get(0).trainableParams()).isEqualTo(5 * 5 * 3 * 6 + 6);
        assertThat(s.layers().get(4).outputShape()).containsExactly(120L, 2L, 2L);
        assertThat(s.layers().get(6).outputShape()).containsExactly(3L);
    }

    private static org.deeplearning4j.nn.conf.layers.BaseLayer layer(ZooModel m, String name) {
        return (org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                m.configuration().getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void glorotByDefaultPapersFanInSchemeByTableAndSeedIsHonoured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        assertThat(layer(Zoo.get("lenet5"), "c3").getWeightInitFn())
                .isInstanceOf(org.deeplearning4j.nn.weights.WeightInitXavierUniform.class);
        assertThat(layer(Zoo.get("lenet5", ModelOptions.builder().weightInit(org.deeplearning4j.nn.weights.WeightInit.RELU).build()), "c3")
                .getWeightInitFn()).isInstanceOf(org.deeplearning4j.nn.weights.WeightInitRelu.class);

        // the paper's scheme, chosen in an edited table: F = 5*5*6 = 150 inputs per C3 unit, U(-2.4/150, 2.4/150)
        for (String family : new String[]{"lenet5"}) {
            String yaml;
            try (var in = LeNet5Test.class.getClassLoader().getResourceAsStream("zoo-configs/" + family + ".yaml")) {
                yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            java.nio.file.Files.writeString(dir.resolve(family + ".yaml"), yaml.replace("init: xavier", "init: lecun1998"));
        }
        ModelInfo info = Zoo.info("lenet5");
        System.setProperty("zoolab.zoo-configs", dir.toString());
        try {
            var conf = new LeNet5Family().configure(info, ModelOptions.builder().seed(5).build().resolvedFor(info));
            var c3 = (org.deeplearning4j.nn.conf.layers.BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                    conf.getVertices().get("c3")).getLayerConf().getLayer();
            assertThat(c3.getWeightInitFn()).isEqualTo(new org.deeplearning4j.nn.weights.WeightInitDistribution(
                    new org.deeplearning4j.nn.conf.distribution.UniformDistribution(-0.016, 0.016)));
            var net = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
            net.init();
            // every C1 weight lies in U(-2.4/25, 2.4/25)
            assertThat(net.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 150)).amaxNumber().doubleValue())
                    .isLessThanOrEqualTo(0.096);
            java.nio.file.Files.writeString(dir.resolve("lenet5.yaml"), java.nio.file.Files.readString(dir.resolve("lenet5.yaml"))
                    .replace("init: lecun1998", "init: gaussian"));
            assertThatThrownBy(() -> LeNet5Family.table()).isInstanceOf(ConfigException.class)
                    .hasMessage("zoo-configs/lenet5.yaml, key 'init': expected one of [xavier, lecun1998], got 'gaussian'");
        } finally {
            System.clearProperty("zoolab.zoo-configs");
        }

        INDArray a = Zoo.get("lenet5", ModelOptions.builder().seed(5).build()).init().params();
        INDArray b = Zoo.get("lenet5", ModelOptions.builder().seed(5).build()).init().params();
        INDArray c = Zoo.get("lenet5", ModelOptions.builder().seed(6).build()).init().params();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void tooSmallInputNamesTheLayerWhereTheMapVanishes() {
        assertThatThrownBy(() -> Zoo.get("lenet5", ModelOptions.builder().input(1, 12, 12).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/lenet5.yaml")
                .hasMessageContaining("layers.c3")
                .hasMessageContaining("shrinks to nothing at layer 'c3'")
                .hasMessageContaining("input is 6x4x4");
    }
}
