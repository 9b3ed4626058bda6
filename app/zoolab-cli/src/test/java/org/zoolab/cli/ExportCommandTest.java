package org.zoolab.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.export.OnnxSchema.ModelProto;
import org.zoolab.train.ModelFile;
import org.zoolab.train.ModelInput;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCommandTest {

    @Test
    void aZooModelIsExportedWithASummary(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("out/lenet5.onnx");
        CliRun run = CliRun.of("export", "lenet5", "--onnx", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        long size = Files.size(file);
        assertThat(run.out()).isEqualTo("wrote " + file + "\n"
                + "  model       zoo model lenet5 (untrained weights)\n"
                + "  input       input [batch, 1, 32, 32]\n"
                + "  output      output [batch, 10]\n"
                + "  nodes       13\n"
                + "  parameters  61,706 (61.71K)\n"
                + "  opset       13 (IR version 7)\n"
                + "  file size   " + org.zoolab.data.Units.bytes(size) + "\n");
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(p.getGraph().getName()).isEqualTo("lenet5");
        assertThat(p.getProducerName()).isEqualTo("zoolab");
        assertThat(Files.list(file.getParent()).map(f -> f.getFileName().toString()).toList()).containsExactly("lenet5.onnx");
    }

    /** A fine-tuned run (frozen layers) exports like any other, and ONNX Runtime answers what DL4J answers. */
    @Test
    void aRunDirectoryWithFrozenLayersMatchesDl4j(@TempDir Path tmp) throws Exception {
        ComputationGraph base = Zoo.get("lenet5", ModelOptions.builder().seed(3).build()).init();
        ComputationGraph net = new TransferLearning.GraphBuilder(base).setFeatureExtractor("c3").build();
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(runDir.resolve("experiment.yaml"), "model: lenet5\n");
        String in = new ObjectMapper().writeValueAsString(new ModelInput(1, 32, 32, 2, "mnist", List.of()));
        ModelFile.write(net, runDir.resolve("model.zip"), false, Map.of(ModelInput.ENTRY, in));
        Path file = tmp.resolve("run.onnx");

        CliRun run = CliRun.of("export", runDir.toString(), "--onnx", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  model       " + runDir.resolve("model.zip") + "\n").contains("  nodes       13\n");

        float[] x = new float[2 * 32 * 32];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        float[] want = ModelFile.load(runDir.resolve("model.zip")).outputSingle(Nd4j.create(x, new long[]{2, 1, 32, 32}, 'c'))
                .castTo(DataType.FLOAT).dup('c').data().asFloat();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{2, 1, 32, 32});
             OrtSession.Result res = s.run(Map.of("input", t))) {
            FloatBuffer got = ((OnnxTensor) res.get(0)).getFloatBuffer();
            assertThat(got.remaining()).isEqualTo(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got.get(i)).as("output value " + i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void anUnsupportedLayerIsExitTwoNamingIt(@TempDir Path tmp) throws Exception {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("input")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "input")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "up")
                .setOutputs("out").setInputTypes(InputType.convolutional(4, 4, 1)).build());
        net.init();
        Path zip = tmp.resolve("up.zip");
        ModelFile.write(net, zip, false, Map.of());
        CliRun run = CliRun.of("export", zip.toString(), "--input", "1,4,4", "--onnx", tmp.resolve("u.onnx").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("zoolab: error: cannot export layer 'up' (Upsampling2D) to ONNX; supported are "
                + "ConvolutionLayer, ").doesNotContain("\tat ");
        assertThat(run.err().strip()).doesNotContain("\n");
        assertThat(tmp.resolve("u.onnx")).doesNotExist();
    }

    @Test
    void aGenerativeModelIsExitTwo(@TempDir Path tmp) {
        CliRun run = CliRun.of("export", "gan", "--onnx", tmp.resolve("g.onnx").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("zoolab: error: the input shape [InputTypeConvolutional(h=28,w=28,c=1,NCHW)] does not "
                + "fit the network: layer 'g1' (DenseLayer) takes 100 inputs");
    }

    @Test
    void aFileWithoutItsInputShapeNeedsInput(@TempDir Path tmp) throws Exception {
        ComputationGraph net = Zoo.get("perceptron").init();
        Path zip = tmp.resolve("plain.zip");
        ModelFile.write(net, zip, false, Map.of());
        CliRun bare = CliRun.of("export", zip.toString(), "--onnx", tmp.resolve("p.onnx").toString());
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("does not say what input it takes").contains("--input C,H,W");
        CliRun given = CliRun.of("export", zip.toString(), "--onnx", tmp.resolve("p.onnx").toString(), "--input", "1,28,28");
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(given.out()).contains("  input       input [batch, 1, 28, 28]\n").contains("  parameters  7,850 (7.850K)\n");
    }
}
