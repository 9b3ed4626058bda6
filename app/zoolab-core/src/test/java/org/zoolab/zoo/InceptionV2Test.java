package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** BN-Inception / Inception v2 (Ioffe &amp; Szegedy 2015, figure 5): counts against the lectures' table, shapes, modules. */
class InceptionV2Test {
    private static final InceptionV2Family FAMILY = new InceptionV2Family();

    private static ZooModel model(String name, ModelOptions options) {
        return ResNetTest.model(FAMILY, name, options);
    }

    private static Map<String, ModelSummary.Row> rows(ModelSummary s) {
        return s.layers().stream().collect(Collectors.toMap(ModelSummary.Row::name, r -> r));
    }

    @Test
    void countsRoundToTheLecturesTable() {
        ModelSummary s = model("inception-v2", ModelOptions.defaults()).summary();
        assertThat(s.trainableParams()).isEqualTo(11_188_288L);
        assertThat(Math.round(s.trainableParams() / 1e5) / 10.0).isEqualTo(11.2);  // "11.2 M"
        assertThat(s.macs()).isEqualTo(1_934_857_216L);
        assertThat(s.macs() / 1.94e9).isCloseTo(1.0, within(0.005));               // "1.94 B"
        assertThat(Zoo.info("bn-inception").name()).isEqualTo("inception-v2");
    }

    @Test
    void modulesFollowFigure5() {
        Map<String, ModelSummary.Row> r = rows(model("inception-v2", ModelOptions.defaults()).summary());
        // the separable conv1: 7x7 depthwise x8 over 3 channels, then 1x1 from 24 to 64 channels, no bias
        assertThat(r.get("conv1").type()).startsWith("SeparableConv 7x7/2");
        assertThat(r.get("conv1").trainableParams()).isEqualTo(7 * 7 * 3 * 8 + 24 * 64);
        assertThat(r.get("conv1").outputShape()).containsExactly(64L, 112L, 112L);
        assertThat(r.get("pool2").outputShape()).containsExactly(192L, 28L, 28L);
        assertThat(r.get("inception_3a").outputShape()).containsExactly(256L, 28L, 28L);
        assertThat(r.get("inception_3b").outputShape()).containsExactly(320L, 28L, 28L);
        // pass-through modules halve the grid and keep their input's channels: 160 + 96 + 320
        assertThat(r.get("inception_3c").outputShape()).containsExactly(576L, 14L, 14L);
        for (String m : List.of("4a", "4b", "4c", "4d")) {
            assertThat(r.get("inception_" + m).outputShape()).as(m).containsExactly(576L, 14L, 14L);
        }
        assertThat(r.get("inception_4e").outputShape()).containsExactly(1024L, 7L, 7L);
        assertThat(r.get("inception_5b").outputShape()).containsExactly(1024L, 7L, 7L);
        assertThat(r).doesNotContainKeys("inception_3c.1x1", "inception_3c.pool_proj", "dropout");
        assertThat(r.get("inception_3c.pool").type()).isEqualTo("MaxPool 3x3/2");
        assertThat(r.get("inception_5a.pool").type()).isEqualTo("AvgPool 3x3/1");
        assertThat(r.get("inception_5b.pool").type()).isEqualTo("MaxPool 3x3/1");
        // 3a by hand: every conv without bias + BN (gamma, beta)
        long c = 192;
        long expected = (c * 64 + 128) + (c * 64 + 128) + (64 * 64 * 9 + 128) + (c * 64 + 128)
                + (64 * 96 * 9 + 192) + (96 * 96 * 9 + 192) + (c * 32 + 64);
        long module = r.values().stream().filter(x -> x.name().startsWith("inception_3a."))
                .mapToLong(ModelSummary.Row::trainableParams).sum();
        assertThat(module).isEqualTo(expected);
    }

    @Test
    void runsForwardAtAReducedInputAndRefusesNoBatchNorm() {
        ModelOptions small = ModelOptions.builder().numClasses(10).input(3, 64, 64).weightInit(WeightInit.XAVIER).build();
        Nd4j.getRandom().setSeed(1);
        INDArray out = model("inception-v2", small).init().outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64));
        assertThat(out.shape()).containsExactly(2, 10);
        assertThat(out.sum(1).toDoubleVector()).containsExactly(new double[]{1, 1}, within(1e-4));
        assertThatThrownBy(() -> model("inception-v2", ModelOptions.builder().batchNorm(false).build()))
                .hasMessageContaining("inception-v2 is defined by its batch norms");
    }

    @Test
    void aPassThroughModuleWithAProjectionIsRejectedNamingTheModule() {
        String yaml = """
                optimizer: {learningRate: 0.045, momentum: 0.9, weightDecay: 4.0e-5}
                batchNormEps: 0.001
                stem:
                  conv1: {filters: 64, kernel: 7, stride: 2, padding: 3}
                  depthMultiplier: 8
                  pool1: {kernel: 3, stride: 2}
                  conv2Reduce: {filters: 64, kernel: 1, stride: 1, padding: 0}
                  conv2: {filters: 192, kernel: 3, stride: 1, padding: 1}
                  pool2: {kernel: 3, stride: 2}
                modules:
                  - {name: 3c, 1x1: 0, 3x3reduce: 128, 3x3: 160, double3x3reduce: 64, double3x3: 96, pool: max, poolProj: 32, stride: 2}
                dropout: 0
                models:
                  tiny: {aliases: [], paper: test, year: 2015, input: {channels: 3, height: 224, width: 224}, classes: 10}
                """;
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/inception-v2.yaml", yaml, InceptionV2Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zoo-configs/inception-v2.yaml")
                .hasMessageContaining("module 3c: a stride-2 (pass-through) module has 1x1: 0, pool: max and poolProj: 0");
    }
}
