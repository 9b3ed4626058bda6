package org.zoolab.export;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.export.OnnxSchema.ModelProto;
import org.zoolab.export.OnnxSchema.TensorShapeProto;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each zoo classifier, exported and run in ONNX Runtime, answers what DL4J answers on the same random batch:
 * softmax (and the MLP's sigmoid) outputs to 1e-4 absolute, the perceptron's raw scores to 1e-4 of the largest
 * score. Batch-norm statistics are randomised first (a fresh network's would hide a wrong mapping of them), and each
 * network is also compared with linear outputs (same weights, output activations replaced by the identity): its
 * logits must agree to 1e-4 of the largest logit and must differ between the two examples by more than 1% of it,
 * so that the match is not two near-constant softmax outputs agreeing. AlexNet, VGG and Inception v3 get He
 * initialisation here: with their default initialisations their untrained logits hardly depend on the input.
 */
class OnnxExporterTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private OnnxExportCheck check(String name, ModelOptions options) throws Exception {
        ZooModel z = Zoo.get(name, options);
        ComputationGraph net = z.init();
        OnnxExportCheck.randomizeBatchNorm(net, 7);
        var in = z.options().input();
        OnnxExportCheck c = OnnxExportCheck.run(net, name, dir.resolve(name + ".onnx"), 11, in.channels(), in.height(), in.width());
        assertThat(c.model().parameters()).as("parameters").isEqualTo(net.numParams());
        assertThat(c.logitsDiff()).as("logits, relative to the largest").isLessThanOrEqualTo(TOLERANCE);
        assertThat(c.logitSpread()).as("the logits depend on the input").isGreaterThan(0.01);
        return c;
    }

    private static void assertMatches(OnnxExportCheck c) {
        assertThat(c.maxAbsDiff()).as("outputs, absolute").isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void perceptron() throws Exception {
        OnnxExportCheck c = check("perceptron", ModelOptions.builder().seed(1).build());
        assertThat(c.maxAbsDiff()).as("raw scores").isLessThanOrEqualTo(TOLERANCE * c.maxAbsOutput());
        assertThat(c.model().nodes()).isEqualTo(2); // Flatten, Gemm
    }

    @Test
    void mlp() throws Exception {
        assertMatches(check("mlp", ModelOptions.builder().seed(1).build()));
    }

    @Test
    void lenet5() throws Exception {
        OnnxExportCheck c = check("lenet5", ModelOptions.builder().seed(1).build());
        assertMatches(c);
        assertThat(c.model().parameters()).isEqualTo(61_706L);
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("lenet5.onnx")));
        assertThat(p.getIrVersion()).isEqualTo(7);
        assertThat(p.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(p.getGraph().getInput(0).getName()).isEqualTo("input");
        assertThat(dims(p.getGraph().getInput(0).getType().getTensorType().getShape())).containsExactly("batch", "1", "32", "32");
        assertThat(p.getGraph().getOutput(0).getName()).isEqualTo("output");
        assertThat(dims(p.getGraph().getOutput(0).getType().getTensorType().getShape())).containsExactly("batch", "10");
        // c1 tanh, s2, c3 tanh, s4, c5 tanh, f6 (Flatten, Gemm, Tanh), output (Gemm, Softmax)
        assertThat(p.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList()).containsExactly(
                "Conv", "Tanh", "AveragePool", "Conv", "Tanh", "AveragePool", "Conv", "Tanh",
                "Flatten", "Gemm", "Tanh", "Gemm", "Softmax");
    }

    private static List<String> dims(TensorShapeProto s) {
        return s.getDimList().stream().map(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue())).toList();
    }

    @Test
    void alexnet() throws Exception {
        assertMatches(check("alexnet", ModelOptions.builder().seed(1).numClasses(10).input(3, 99, 99).weightInit(WeightInit.RELU).build()));
    }

    @Test
    void vgg11() throws Exception {
        assertMatches(check("vgg11", ModelOptions.builder().seed(1).numClasses(10).input(3, 32, 32).weightInit(WeightInit.RELU).build()));
    }

    @Test
    void vgg11WithBatchNorm() throws Exception {
        assertMatches(check("vgg-a-bn", ModelOptions.builder().seed(1).numClasses(10).input(3, 32, 32).weightInit(WeightInit.RELU).build()));
    }

    @Test
    void googlenet() throws Exception {
        assertMatches(check("googlenet", ModelOptions.builder().seed(1).numClasses(10).input(3, 64, 64).build()));
    }

    @Test
    void googlenetWithAuxiliaryHeads() throws Exception {
        OnnxExportCheck c = check("googlenet-train", ModelOptions.builder().seed(1).numClasses(10).input(3, 96, 96).build());
        assertMatches(c);
        assertThat(c.model().outputs()).containsExactly("output", "aux1.output", "aux2.output");
    }

    @Test
    void inceptionV2() throws Exception {
        assertMatches(check("inception-v2", ModelOptions.builder().seed(1).numClasses(10).input(3, 64, 64).build()));
    }

    @Test
    void inceptionV3() throws Exception {
        assertMatches(check("inception-v3", ModelOptions.builder().seed(1).numClasses(10).input(3, 139, 139).weightInit(WeightInit.RELU).build()));
    }

    @Test
    void resnet18() throws Exception {
        assertMatches(check("resnet-18", ModelOptions.builder().seed(1).numClasses(10).input(3, 64, 64).build()));
    }

    @Test
    void resnet20WithZeroPaddingShortcuts() throws Exception {
        assertMatches(check("resnet-20", ModelOptions.builder().seed(1).build()));
    }

    @Test
    void resnet50() throws Exception {
        assertMatches(check("resnet-50", ModelOptions.builder().seed(1).numClasses(10).input(3, 64, 64).build()));
    }

    @Test
    void unetWithPaddedConvolutions() throws Exception {
        // a segmentation net: per-pixel softmax over 2 classes at 32x32
        OnnxExportCheck c = check("unet-same", ModelOptions.builder().seed(1).input(1, 32, 32).build());
        assertMatches(c);
    }

    @Test
    void preActivationResnet18() throws Exception {
        assertMatches(check("preact-resnet-18", ModelOptions.builder().seed(1).numClasses(10).input(3, 64, 64).build()));
    }
}
