package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inception v3 (Szegedy et al. 2016, torchvision's inception_v3): counts, shapes, the auxiliary head. */
class InceptionV3Test {
    private static final InceptionV3Family FAMILY = new InceptionV3Family();

    private static ZooModel model(String name, ModelOptions options) {
        return ResNetTest.model(FAMILY, name, options);
    }

    private static Map<String, ModelSummary.Row> rows(ModelSummary s) {
        return s.layers().stream().collect(Collectors.toMap(ModelSummary.Row::name, r -> r));
    }

    @Test
    void countsAreTorchvisions() {
        ModelSummary inference = model("inception-v3", ModelOptions.defaults()).summary();
        ModelSummary train = model("inception-v3-train", ModelOptions.defaults()).summary();
        assertThat(inference.trainableParams()).isEqualTo(23_834_568L);
        assertThat(train.trainableParams()).isEqualTo(27_161_264L);
        // the head by hand: 1x1 conv 768 -> 128 + BN, 5x5 conv 128 -> 768 + BN, fc 768 -> 1000 with bias
        assertThat(train.trainableParams() - inference.trainableParams())
                .isEqualTo(768 * 128 + 2 * 128 + 128 * 768 * 25 + 2 * 768 + 768 * 1000 + 1000);
        // torchvision: 5.71 GFLOPS (multiply-adds); the lectures' table: 5.72 B
        assertThat(inference.macs()).isEqualTo(5_713_216_096L).isBetween(5_710_000_000L, 5_720_000_000L);
        assertThat(Math.round(inference.trainableParams() / 1e5) / 10.0).isEqualTo(23.8);
    }

    @Test
    void shapesFollowTable1() {
        Map<String, ModelSummary.Row> r = rows(model("inception-v3-train", ModelOptions.defaults()).summary());
        assertThat(r.get("Conv2d_1a_3x3.relu").outputShape()).containsExactly(32L, 149L, 149L);
        assertThat(r.get("maxpool1").outputShape()).containsExactly(64L, 73L, 73L);
        assertThat(r.get("maxpool2").outputShape()).containsExactly(192L, 35L, 35L);
        assertThat(r.get("Mixed_5b").outputShape()).containsExactly(256L, 35L, 35L);
        assertThat(r.get("Mixed_5d").outputShape()).containsExactly(288L, 35L, 35L);
        assertThat(r.get("Mixed_6a").outputShape()).containsExactly(768L, 17L, 17L);
        assertThat(r.get("Mixed_6e").outputShape()).containsExactly(768L, 17L, 17L);
        assertThat(r.get("Mixed_7a").outputShape()).containsExactly(1280L, 8L, 8L);
        assertThat(r.get("Mixed_7c").outputShape()).containsExactly(2048L, 8L, 8L);
        assertThat(r.get("aux.pool").outputShape()).containsExactly(768L, 5L, 5L);
        assertThat(r.get("aux.conv1").outputShape()).containsExactly(768L, 1L, 1L);
        // factorised 7x7: 1x7 then 7x1, no bias (BN's beta instead)
        assertThat(r.get("Mixed_6b.branch7x7_2").type()).startsWith("Conv 1x7/1");
        assertThat(r.get("Mixed_6b.branch7x7_2").trainableParams()).isEqualTo(128 * 128 * 7);
        assertThat(r.get("Mixed_6b.branch7x7_3").type()).startsWith("Conv 7x1/1");
        assertThat(r.get("Mixed_7b.branch3x3_2a").type()).startsWith("Conv 1x3/1");
    }

    @Test
    void theAuxiliaryHeadIsADeclaredSecondOutputWithItsWeight() {
        ZooModel train = model("inception-v3-train", ModelOptions.defaults());
        var conf = train.configuration();
        assertThat(conf.getNetworkOutputs()).containsExactly("output", "aux.output");
        assertThat(AuxiliaryOutputs.isAuxiliaryOutput(conf, "aux.output")).isTrue();
        assertThat(AuxiliaryOutputs.isAuxiliaryOutput(conf, "output")).isFalse();
        assertThat(AuxiliaryOutputs.auxiliaryOutputs(conf)).containsExactly("aux.output");
        OutputLayer aux = (OutputLayer) ((LayerVertex) conf.getVertices().get("aux.output")).getLayerConf().getLayer();
        assertThat(aux.getLossFn()).isEqualTo(new ScaledLoss(new LossMCXENT(), 0.4));
        BatchNormalization bn = (BatchNormalization) ((LayerVertex) conf.getVertices().get("Mixed_7c.branch1x1.bn"))
                .getLayerConf().getLayer();
        assertThat(bn.getEps()).isEqualTo(0.001);
        assertThat(model("inception-v3", ModelOptions.defaults()).configuration().getNetworkOutputs()).containsExactly("output");
    }

    @Test
    void runsForwardWithBothOutputs() {
        // zero weights: the wiring at the paper's 299x299 is what is tested
        ModelOptions zero = ModelOptions.builder().numClasses(5).weightInit(WeightInit.ZERO).build();
        ComputationGraph net = model("inception-v3-train", zero).init();
        INDArray[] out = net.output(Nd4j.rand(DataType.FLOAT, 1, 3, 299, 299));
        assertThat(out).hasSize(2);
        assertThat(out[0].shape()).containsExactly(1, 5);
        assertThat(out[1].shape()).containsExactly(1, 5);
        assertThatThrownBy(() -> model("inception-v3", ModelOptions.builder().batchNorm(false).build()))
                .hasMessageContaining("inception-v3 is defined by its batch norms");
    }

    @Test
    void droppingTheAuxiliaryHeadGivesTheInferenceNetworkWithTheSameOutput() {
        ComputationGraph train = model("inception-v3-train", ModelOptions.builder().seed(5).numClasses(10).build()).init();
        ComputationGraph inference = AuxiliaryOutputs.dropAuxiliaryHeads(train);
        assertThat(inference.getConfiguration().getNetworkOutputs()).containsExactly("output");
        assertThat(inference.getConfiguration().getVertices()).doesNotContainKeys("aux.pool", "aux.conv0", "aux.output");
        // inception-v3 at 10 classes: 23,834,568 - 2048 * 990 - 990, plus the BN statistics (2 per BN channel)
        assertThat(inference.numParams()).isEqualTo(model("inception-v3", ModelOptions.builder().numClasses(10).build())
                .summary().totalParams());
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 299, 299);
        INDArray expected = train.output(false, x)[0];
        assertThat(inference.outputSingle(false, x).equalsWithEps(expected, 1e-6)).isTrue();
    }

    @Test
    void aModuleWithTheWrongNumberOfWidthsIsRejected() {
        InceptionV3Table t = ZooConfigs.load("inception-v3", InceptionV3Table.class);
        assertThat(t.modules()).hasSize(11);
        assertThatThrownBy(() -> new InceptionV3Table.Module("Mixed_6b", InceptionV3Modules.Type.C, java.util.List.of(192, 128)))
                .hasMessageContaining("module Mixed_6b: type C takes 10 widths (1x1, 7x7reduce, 7x7_1x7");
    }
}
