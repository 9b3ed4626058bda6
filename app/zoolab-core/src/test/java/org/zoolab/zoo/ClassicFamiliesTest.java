package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The perceptron and the MLP: counts, shapes, options, bad tables. */
class ClassicFamiliesTest {

    @Test
    void perceptronIsOneLayerOfThresholdUnits() {
        ModelSummary s = Zoo.get("perceptron").summary();
        assertThat(s.layers()).hasSize(1);
        assertThat(s.layers().get(0).type()).isEqualTo("Output identity, PerceptronCriterion");
        assertThat(s.trainableParams()).isEqualTo(784 * 10 + 10).isEqualTo(7_850L);
        assertThat(s.macs()).isEqualTo(7_840L);
        assertThat(Zoo.info("rosenblatt").year()).isEqualTo(1958);
    }

    @Test
    void mlpHasSigmoidLayersOfTheTablesWidths() {
        ModelSummary s = Zoo.get("mlp").summary();
        assertThat(s.layers()).extracting(ModelSummary.Row::name).containsExactly("hidden1", "hidden2", "output");
        assertThat(s.layers()).extracting(ModelSummary.Row::outputShape)
                .containsExactly(List.of(300L), List.of(100L), List.of(10L));
        assertThat(s.layers()).extracting(ModelSummary.Row::type)
                .containsExactly("Dense sigmoid", "Dense sigmoid", "Output sigmoid, MSE");
        assertThat(s.trainableParams()).isEqualTo(266_610L);
        assertThat(s.macs()).isEqualTo(784 * 300 + 300 * 100 + 100 * 10);
    }

    @Test
    void realNetworksAgreeWithTheSummaryAndAcceptFlatOrImageInput() {
        for (String name : List.of("perceptron", "mlp")) {
            ZooModel model = Zoo.get(name, ModelOptions.builder().numClasses(4).build());
            ComputationGraph net = model.init();
            assertThat(net.numParams()).as(name).isEqualTo(model.summary().totalParams());
            assertThat(net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)).shape()).containsExactly(2, 4);
            assertThat(net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 784)).shape()).containsExactly(2, 4);
        }
    }

    @Test
    void batchNormIsRefusedWhereTheFamilyHasNone() {
        assertThatThrownBy(() -> Zoo.get("mlp", ModelOptions.builder().batchNorm(true).build()))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessage("mlp has no batch-norm variant");
    }

    @Test
    void negativeHiddenWidthIsRejectedNamingFileAndKey() {
        String yaml = """
                name: mlp
                aliases: []
                year: 1986
                paper: x
                input: {channels: 1, height: 28, width: 28}
                classes: 10
                hidden: [300, -5]
                learningRate: 0.5
                """;
        MlpFamily.Table t = ZooConfigs.parse("mlp.yaml", yaml, MlpFamily.Table.class);
        assertThat(t.hidden()).containsExactly(300, -5);
        assertThatThrownBy(() -> withConfigDir("mlp", yaml, MlpFamily::table))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mlp.yaml, key 'hidden[1]': width must be a positive integer, got -5");
    }

    @Test
    void unknownKeyIsRejectedWithLineAndExpectedKeys() {
        String yaml = """
                name: perceptron
                aliases: []
                year: 1958
                paper: x
                input: {channels: 1, height: 28, width: 28}
                classes: 10
                learningRate: 1.0
                initStd: 0.01
                momentum: 0.9
                """;
        assertThatThrownBy(() -> ZooConfigs.parse("zoo-configs/perceptron.yaml", yaml, PerceptronFamily.Table.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zoo-configs/perceptron.yaml, line 9, key 'momentum': unknown key 'momentum'; expected one of: ")
                .hasMessageContaining("initStd, input, learningRate, name, paper, year");
    }

    /** Runs {@code action} with {@code zoolab.zoo-configs} pointing at a directory holding one edited table. */
    static <T> T withConfigDir(String family, String yaml, java.util.function.Supplier<T> action) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("zoo-configs");
        java.nio.file.Files.writeString(dir.resolve(family + ".yaml"), yaml);
        String before = System.getProperty("zoolab.zoo-configs");
        System.setProperty("zoolab.zoo-configs", dir.toString());
        try {
            return action.get();
        } finally {
            if (before == null) System.clearProperty("zoolab.zoo-configs");
            else System.setProperty("zoolab.zoo-configs", before);
        }
    }
}
